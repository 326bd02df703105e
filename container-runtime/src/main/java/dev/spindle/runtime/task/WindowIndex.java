package dev.spindle.runtime.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A task's committed open windows in memory: each window key ({@link StateKeys#window}) with its
 * encoded accumulator. With a watermark, a window lives from the batch that opens it to the one
 * that emits it, usually the next; kept here, it never reaches RocksDB unless a snapshot or a
 * catch-up happens while it is open.
 *
 * <p>The windows of one end form a {@link Segment}, in a map ordered by end: an emit drops whole
 * segments, and a range scan sorts only the segments it covers. A segment holds one array each of
 * keys, values and hashes, probed linearly, with deletes that shift the entries after them back
 * (no tombstones), and the first text bytes of each key in an array, so that sorting rarely
 * touches a key.
 *
 * <p>Like {@link DedupIndex}, the committed index is the authority on its keyspace; RocksDB holds
 * it only as of the last {@link #written write-out}, and the index tracks what changed since:
 * entries not written yet, and written keys deleted or dropped since. Not thread-safe.
 */
final class WindowIndex {
    private final NavigableMap<Long, Segment> segments = new TreeMap<>(); // by window end
    private final List<byte[]> deletedWritten = new ArrayList<>();
    private Segment lastUsed; // consecutive records mostly fall in the same window end
    private int typicalSegmentSize; // of the largest segment an emit dropped last: sizes new ones

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key) {
        Segment segment = segment(StateKeys.timeOf(key), false);
        if (segment == null) {
            return null;
        }
        int slot = segment.find(key, Arrays.hashCode(key));
        return slot < 0 ? null : segment.values[slot];
    }

    /** Adds or replaces the entry of {@code key}; {@code isWritten}: RocksDB holds this value already. */
    void put(byte[] key, byte[] value, boolean isWritten) {
        segment(StateKeys.timeOf(key), true).put(key, Arrays.hashCode(key), value, isWritten);
    }

    /** Removes the entry of {@code key}, if any. */
    void delete(byte[] key) {
        long end = StateKeys.timeOf(key);
        Segment segment = segment(end, false);
        if (segment != null && segment.delete(key, Arrays.hashCode(key), deletedWritten) && segment.size == 0) {
            segments.remove(end);
            lastUsed = null;
        }
    }

    /**
     * Drops every window ending at or before {@code end}: emitted, so dead (the state's
     * emitted-through mark removes them, with no delete per key).
     */
    void dropThrough(long end) {
        Map<Long, Segment> dropped = segments.headMap(end, true);
        if (!dropped.isEmpty()) {
            typicalSegmentSize = 0;
        }
        for (Segment segment : dropped.values()) {
            segment.collectInRocksDb(deletedWritten);
            typicalSegmentSize = Math.max(typicalSegmentSize, segment.size);
        }
        dropped.clear();
        lastUsed = null;
    }

    /** RocksDB holds {@code key}, a dead (emitted) window the index does not: the next write-out deletes it. */
    void deadInRocksDb(byte[] key) {
        deletedWritten.add(key);
    }

    private Segment segment(long end, boolean create) {
        if (lastUsed != null && lastUsed.end == end) {
            return lastUsed;
        }
        Segment segment = segments.get(end);
        if (segment == null && create) {
            segment = new Segment(end, typicalSegmentSize);
            segments.put(end, segment);
        }
        if (segment != null) {
            lastUsed = segment;
        }
        return segment;
    }

    /** The largest key in {@code [from, toExclusive)}, or null. */
    byte[] lastKey(byte[] from, byte[] toExclusive) {
        for (Segment segment : covering(from, toExclusive).descendingMap().values()) {
            byte[] last = null;
            for (byte[] key : segment.keys) {
                if (key != null && inRange(key, from, toExclusive)
                        && (last == null || Arrays.compareUnsigned(key, last) > 0)) {
                    last = key;
                }
            }
            if (last != null) {
                return last;
            }
        }
        return null;
    }

    /** Visits every entry in {@code [from, toExclusive)} in key order. The visitor must not change the index. */
    void scan(byte[] from, byte[] toExclusive, BiConsumer<byte[], byte[]> visitor) {
        for (Segment segment : covering(from, toExclusive).values()) {
            int[] inRange = new int[segment.size];
            int count = 0;
            for (int i = 0; i < segment.keys.length; i++) {
                if (segment.keys[i] != null && inRange(segment.keys[i], from, toExclusive)) {
                    inRange[count++] = i;
                }
            }
            segment.sort(inRange, new int[count], 0, count);
            for (int at = 0; at < count; at++) {
                visitor.accept(segment.keys[inRange[at]], segment.values[inRange[at]]);
            }
        }
    }

    /** The segments whose windows may lie in {@code [from, toExclusive)}. */
    private NavigableMap<Long, Segment> covering(byte[] from, byte[] toExclusive) {
        if (Arrays.compareUnsigned(from, toExclusive) >= 0) {
            return new TreeMap<>();
        }
        return segments.subMap(endIn(from), true, endIn(toExclusive), true);
    }

    /**
     * The window end a bound names in key order: a window key at or after {@code bound} ends at or
     * after it, and one before it ends at or before it. Bounds outside the window keyspace name
     * the extreme ends.
     */
    private static long endIn(byte[] bound) {
        int order = Integer.compare(StateKeys.WINDOW, bound[0] & 0xFF);
        return order < 0 ? Long.MAX_VALUE : order > 0 ? Long.MIN_VALUE : bytesAt(bound, 1) ^ Long.MIN_VALUE;
    }

    private static boolean inRange(byte[] key, byte[] from, byte[] toExclusive) {
        return Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, toExclusive) < 0;
    }

    /** Bytes {@code from..from+7} of {@code key} as an unsigned big-endian long, missing bytes zero. */
    private static long bytesAt(byte[] key, int from) {
        long bytes = 0;
        for (int i = from; i < from + 8; i++) {
            bytes = bytes << 8 | (i < key.length ? key[i] & 0xFF : 0);
        }
        return bytes;
    }

    int size() {
        int size = 0;
        for (Segment segment : segments.values()) {
            size += segment.size;
        }
        return size;
    }

    /** About how many heap bytes the index takes: its arrays, keys and values. */
    long heapBytes() {
        long bytes = 0;
        for (Segment segment : segments.values()) {
            bytes += 64 + (long) segment.keys.length * (4 + 4 + 4 + 8 + 1 + 1) + segment.entryBytes;
        }
        return bytes;
    }

    /** What RocksDB lacks since the last write-out: puts of entries not written, deletes of written keys gone. */
    interface WriteOut {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    /** Hands over what changed since the last write-out, then counts everything as written. */
    void written(WriteOut out) {
        for (byte[] key : deletedWritten) {
            if (get(key) == null) { // else put again since: the put below replaces it
                out.delete(key);
            }
        }
        deletedWritten.clear();
        for (Segment segment : segments.values()) {
            segment.written(out);
        }
    }

    void clear() {
        segments.clear();
        deletedWritten.clear();
        lastUsed = null;
    }

    /** The windows of one end. */
    private static final class Segment {
        private static final int MIN_CAPACITY = 1 << 4;

        final long end;
        byte[][] keys;
        byte[][] values;
        private int[] hashes;
        private long[] texts; // the key's text bytes 0..7 (zero-padded): its order but for ties
        private boolean[] inRocksDb; // RocksDB holds a value under this key (this one, or an older one)
        private boolean[] dirty; // RocksDB lacks this value
        int size;
        long entryBytes; // the entries' key and value arrays, headers included

        /** @param expectedSize about how many windows it will hold, to size it once */
        Segment(long end, int expectedSize) {
            this.end = end;
            allocate(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.min(1 << 28, expectedSize * 2 + 1)) << 1));
        }

        private void allocate(int capacity) {
            keys = new byte[capacity][];
            values = new byte[capacity][];
            hashes = new int[capacity];
            texts = new long[capacity];
            inRocksDb = new boolean[capacity];
            dirty = new boolean[capacity];
            size = 0;
            entryBytes = 0;
        }

        int find(byte[] key, int hash) {
            int mask = keys.length - 1;
            for (int i = home(hash, mask); keys[i] != null; i = (i + 1) & mask) {
                if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
                    return i;
                }
            }
            return -1;
        }

        private static int home(int hash, int mask) {
            return (hash * 0x9E3779B9) & mask;
        }

        void put(byte[] key, int hash, byte[] value, boolean isWritten) {
            int slot = find(key, hash);
            if (slot >= 0) {
                entryBytes += value.length - values[slot].length;
                values[slot] = value;
                inRocksDb[slot] |= isWritten;
                dirty[slot] = !isWritten;
                return;
            }
            if ((size + 1) * 2 > keys.length) {
                resize(keys.length * 2);
            }
            add(key, hash, value, isWritten, !isWritten);
        }

        private void add(byte[] key, int hash, byte[] value, boolean isInRocksDb, boolean isDirty) {
            int mask = keys.length - 1;
            int i = home(hash, mask);
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
            hashes[i] = hash;
            texts[i] = bytesAt(key, 9);
            inRocksDb[i] = isInRocksDb;
            dirty[i] = isDirty;
            size++;
            entryBytes += 32 + key.length + value.length;
        }

        /** Removes the entry of {@code key}, remembering it in {@code deletedWritten} when RocksDB holds it. */
        boolean delete(byte[] key, int hash, List<byte[]> deletedWritten) {
            int slot = find(key, hash);
            if (slot < 0) {
                return false;
            }
            if (inRocksDb[slot]) {
                deletedWritten.add(keys[slot]);
            }
            entryBytes -= 32 + keys[slot].length + values[slot].length;
            size--;
            int mask = keys.length - 1;
            int hole = slot;
            for (int i = (slot + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
                int home = home(hashes[i], mask);
                // the entry at i may move into the hole unless its home lies cyclically in (hole, i]
                boolean homeAfterHole = hole <= i ? home > hole && home <= i : home > hole || home <= i;
                if (!homeAfterHole) {
                    move(i, hole);
                    hole = i;
                }
            }
            keys[hole] = null;
            values[hole] = null;
            return true;
        }

        private void move(int from, int to) {
            keys[to] = keys[from];
            values[to] = values[from];
            hashes[to] = hashes[from];
            texts[to] = texts[from];
            inRocksDb[to] = inRocksDb[from];
            dirty[to] = dirty[from];
        }

        private void resize(int capacity) {
            byte[][] oldKeys = keys;
            byte[][] oldValues = values;
            int[] oldHashes = hashes;
            boolean[] oldInRocksDb = inRocksDb;
            boolean[] oldDirty = dirty;
            allocate(capacity);
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    add(oldKeys[i], oldHashes[i], oldValues[i], oldInRocksDb[i], oldDirty[i]);
                }
            }
        }

        /** Sorts {@code slots[from, to)} by key: a merge sort, stable, on the slots' numbers (no boxing). */
        void sort(int[] slots, int[] scratch, int from, int to) {
            if (to - from <= 16) {
                for (int i = from + 1; i < to; i++) {
                    int slot = slots[i];
                    int at = i;
                    for (; at > from && compare(slots[at - 1], slot) > 0; at--) {
                        slots[at] = slots[at - 1];
                    }
                    slots[at] = slot;
                }
                return;
            }
            int middle = (from + to) >>> 1;
            sort(slots, scratch, from, middle);
            sort(slots, scratch, middle, to);
            if (compare(slots[middle - 1], slots[middle]) <= 0) {
                return; // already in order
            }
            System.arraycopy(slots, from, scratch, from, to - from);
            for (int i = from, left = from, right = middle; i < to; i++) {
                boolean takeLeft = right == to || (left < middle && compare(scratch[left], scratch[right]) <= 0);
                slots[i] = takeLeft ? scratch[left++] : scratch[right++];
            }
        }

        /** Orders two slots' keys (of the same end): by their first text bytes, then by the keys themselves. */
        private int compare(int a, int b) {
            int order = Long.compareUnsigned(texts[a], texts[b]);
            return order != 0 ? order : Arrays.compareUnsigned(keys[a], keys[b]);
        }

        void collectInRocksDb(List<byte[]> into) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null && inRocksDb[i]) {
                    into.add(keys[i]);
                }
            }
        }

        void written(WriteOut out) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null && dirty[i]) {
                    out.put(keys[i], values[i]);
                    dirty[i] = false;
                    inRocksDb[i] = true;
                }
            }
        }
    }
}
