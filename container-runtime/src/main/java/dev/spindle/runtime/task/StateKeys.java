package dev.spindle.runtime.task;

import dev.spindle.api.KeyBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How the engine lays out a task's keyed state in its RocksDB, one keyspace per kind, each
 * prefixed by one byte. Key strings are written as {@link KeyBytes} (UTF-8, with lone surrogates
 * kept distinct), so two keys share bytes only when they are the same string. Timestamps are 8 bytes big-endian with the sign bit flipped, so byte
 * order is numeric order (negative times included):
 *
 * <pre>
 * 0x01 dedupKey                     → event time T of the accepted value (8 bytes)
 * 0x02                              → the watermark through which windows were emitted (8 bytes)
 * 0x03 windowEnd key                → the aggregate's accumulator (fixed windows)
 * 0x04 key                          → the key's open sessions ({@link OpenSessions})
 * 0x05 sessionEnd key               → nothing: an open session of the key ends at sessionEnd
 * 0x06 state-index key              → a process function's state of the key: last write time (8), value
 * 0x07 time key                     → nothing: an event-time timer of the key
 * 0x08 time key                     → nothing: a processing-time timer of the key
 * 0x09 time key                     → nothing: the key's state with an event-time TTL may expire at time
 * 0x0A time key                     → nothing: the key's state with a processing-time TTL may expire at time
 * </pre>
 *
 * A window's rows come out of a scan of 0x03 in (window end, key bytes) order: the emit order.
 * Windows ending at or before the emitted-through mark (0x02) are dead: the mark's move removes
 * them, with no delete per window, so RocksDB may still hold some (written by changelogs replayed
 * into it) until the task's next write-back deletes them. Every read starts after the mark.
 * Sessions are emitted from a scan of 0x05 up to the watermark, in (session end, key bytes) order.
 */
final class StateKeys {
    static final byte DEDUP = 0x01;
    static final byte EMITTED_THROUGH = 0x02;
    static final byte WINDOW = 0x03;
    static final byte SESSIONS = 0x04;
    static final byte SESSION_END = 0x05;
    static final byte PROCESS_STATE = 0x06;
    static final byte EVENT_TIMER = 0x07;
    static final byte PROCESSING_TIMER = 0x08;
    static final byte EVENT_TTL = 0x09;
    static final byte PROCESSING_TTL = 0x0A;

    private StateKeys() {}

    static byte[] dedup(String key) {
        return keyed(DEDUP, key);
    }

    static byte[] window(long windowEnd, String key) {
        return timed(WINDOW, windowEnd, key);
    }

    static byte[] sessions(String key) {
        return keyed(SESSIONS, key);
    }

    /** {@code kind}, then the key. */
    private static byte[] keyed(byte kind, String key) {
        byte[] bytes = new byte[1 + KeyBytes.encodedLength(key)];
        bytes[0] = kind;
        KeyBytes.encodeInto(key, bytes, 1);
        return bytes;
    }

    /** A process function's state number {@code index} (its place in the job's declaration) of {@code key}. */
    static byte[] processState(int index, String key) {
        byte[] bytes = new byte[2 + KeyBytes.encodedLength(key)];
        bytes[0] = PROCESS_STATE;
        bytes[1] = (byte) index;
        KeyBytes.encodeInto(key, bytes, 2);
        return bytes;
    }

    /** A timer (or TTL check) of {@code kind} 0x07..0x0A. */
    static byte[] timer(byte kind, long time, String key) {
        return timed(kind, time, key);
    }

    static byte[] sessionEnd(long end, String key) {
        return timed(SESSION_END, end, key);
    }

    /** {@code kind}, the time (sortable), the key. */
    private static byte[] timed(byte kind, long time, String key) {
        byte[] bytes = new byte[9 + KeyBytes.encodedLength(key)];
        bytes[0] = kind;
        long sortable = sortable(time);
        for (int i = 8; i >= 1; i--) {
            bytes[i] = (byte) sortable;
            sortable >>>= 8;
        }
        KeyBytes.encodeInto(key, bytes, 9);
        return bytes;
    }

    /** The first key of a keyspace. */
    static byte[] start(byte kind) {
        return new byte[] {kind};
    }

    /** The first key after every entry of {@code kind} whose time is at most {@code time}. */
    static byte[] after(byte kind, long time) {
        ByteBuffer buffer = ByteBuffer.allocate(9).put(kind);
        long sortable = sortable(time);
        if (sortable == -1L) { // the largest time: the whole keyspace
            return new byte[] {(byte) (kind + 1)};
        }
        return buffer.putLong(sortable + 1).array();
    }

    /** The time of a 0x03, 0x05 or timer key. */
    static long timeOf(byte[] key) {
        long sortable = 0;
        for (int i = 1; i <= 8; i++) {
            sortable = sortable << 8 | (key[i] & 0xFF);
        }
        return sortable ^ Long.MIN_VALUE;
    }

    /** The text key of a 0x03, 0x05 or timer key. */
    static String textOf(byte[] key) {
        return KeyBytes.decode(key, 9, key.length - 9);
    }

    static long decodeTime(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    /** The time's 8 bytes, big-endian (as {@link ByteBuffer#putLong}), without a buffer object per value. */
    static byte[] encodeTime(long time) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) time;
            time >>>= 8;
        }
        return bytes;
    }

    private static long sortable(long time) {
        return time ^ Long.MIN_VALUE;
    }

    /** Unsigned lexicographic comparison, RocksDB's default order. */
    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
