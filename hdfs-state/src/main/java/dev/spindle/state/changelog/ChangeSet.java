package dev.spindle.state.changelog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * One batch's puts and deletes to a task's state, one entry per key, kept encoded as the entries
 * of a changelog ({@link ChangelogFormat}) in one contiguous buffer from the moment they are added.
 * The changelog file is that buffer between a header and a trailer, and applying it to RocksDB
 * reads the buffer sequentially: a batch's changes are never walked as scattered objects again.
 * Entries keep the order they were added in.
 */
public final class ChangeSet {
    /** Visits one entry; the key and value are ranges of {@code buffer}, which must not be kept. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(boolean isDelete, byte[] buffer, int keyOffset, int keyLength, int valueOffset, int valueLength);
    }

    private byte[] buffer;
    private final int start;
    private int end;
    private int count;
    private final boolean readOnly;

    public ChangeSet() {
        this(256);
    }

    /** @param expectedBytes about how many bytes the entries will take ({@link #entryBytes}), to size the buffer once */
    public ChangeSet(int expectedBytes) {
        this(new byte[Math.max(16, expectedBytes)], 0, 0, 0, false);
    }

    /** The bytes an entry takes: a put with a value of {@code valueLength}, or a delete when it is negative. */
    public static int entryBytes(int keyLength, int valueLength) {
        return 1 + 4 + keyLength + (valueLength < 0 ? 0 : 4 + valueLength);
    }

    private ChangeSet(byte[] buffer, int start, int end, int count, boolean readOnly) {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
        this.count = count;
        this.readOnly = readOnly;
    }

    public static ChangeSet of(Collection<StateChange> changes) {
        ChangeSet set = new ChangeSet();
        for (StateChange change : changes) {
            if (change.isDelete()) {
                set.delete(change.key());
            } else {
                set.put(change.key(), change.value());
            }
        }
        return set;
    }

    /**
     * The entries {@code buffer[start, end)} of a changelog file, already checked to hold exactly
     * {@code count} well-formed entries (see {@link ChangelogReader}).
     */
    static ChangeSet wrap(byte[] buffer, int start, int end, int count) {
        return new ChangeSet(buffer, start, end, count, true);
    }

    /** Adds a put; the caller adds at most one entry per key. */
    public void put(byte[] key, byte[] value) {
        ensure(entryBytes(key.length, value.length));
        buffer[end++] = ChangelogFormat.PUT;
        putBytes(key);
        putBytes(value);
        count++;
    }

    public void delete(byte[] key) {
        ensure(entryBytes(key.length, -1));
        buffer[end++] = ChangelogFormat.DELETE;
        putBytes(key);
        count++;
    }

    /** Adds a put whose value is {@code value}'s 8 bytes, big-endian; the caller adds at most one entry per key. */
    public void put(byte[] key, long value) {
        ensure(entryBytes(key.length, 8));
        buffer[end++] = ChangelogFormat.PUT;
        putBytes(key);
        buffer[end++] = 0;
        buffer[end++] = 0;
        buffer[end++] = 0;
        buffer[end++] = 8;
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[end++] = (byte) (value >>> shift);
        }
        count++;
    }

    /** The number of entries. */
    public int size() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Visits the entries in the order they were added. */
    public void forEach(EntryVisitor visitor) {
        int at = start;
        while (at < end) {
            boolean isDelete = buffer[at] == ChangelogFormat.DELETE;
            int keyLength = intAt(at + 1);
            int keyOffset = at + 5;
            at = keyOffset + keyLength;
            if (isDelete) {
                visitor.entry(true, buffer, keyOffset, keyLength, at, 0);
            } else {
                int valueLength = intAt(at);
                visitor.entry(false, buffer, keyOffset, keyLength, at + 4, valueLength);
                at += 4 + valueLength;
            }
        }
    }

    /** The entries as objects (for tests and tools; the engine never needs them). */
    public List<StateChange> toList() {
        List<StateChange> changes = new ArrayList<>(count);
        forEach((isDelete, bytes, keyOffset, keyLength, valueOffset, valueLength) -> {
            byte[] key = Arrays.copyOfRange(bytes, keyOffset, keyOffset + keyLength);
            changes.add(isDelete ? StateChange.delete(key)
                    : StateChange.put(key, Arrays.copyOfRange(bytes, valueOffset, valueOffset + valueLength)));
        });
        return changes;
    }

    /** The encoded entries: {@code buffer()[start(), end())}. */
    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    private void putBytes(byte[] bytes) {
        int length = bytes.length;
        buffer[end] = (byte) (length >>> 24);
        buffer[end + 1] = (byte) (length >>> 16);
        buffer[end + 2] = (byte) (length >>> 8);
        buffer[end + 3] = (byte) length;
        System.arraycopy(bytes, 0, buffer, end + 4, length);
        end += 4 + length;
    }

    private int intAt(int at) {
        return (buffer[at] & 0xFF) << 24 | (buffer[at + 1] & 0xFF) << 16 | (buffer[at + 2] & 0xFF) << 8
                | (buffer[at + 3] & 0xFF);
    }

    private void ensure(int more) {
        if (readOnly) {
            throw new IllegalStateException("the changes of a committed changelog cannot change");
        }
        if (end + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) end + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a batch's state changes exceed 2 GB; lower the batch size");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
