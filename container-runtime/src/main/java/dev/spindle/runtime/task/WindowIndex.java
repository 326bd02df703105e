package dev.spindle.runtime.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A task's committed open windows in memory: each window key ({@link StateKeys#window}) with its
 * encoded accumulator. With a watermark, a window lives from the batch that opens it to the one
 * that emits it, usually the next; kept here, it never reaches RocksDB unless a snapshot or a
 * catch-up happens while it is open. One array each of keys, values and hashes, probed linearly,
 * with deletes that shift the entries after them back (no tombstones).
 *
 * <p>Like {@link DedupIndex}, the committed index is the authority on its keyspace; RocksDB holds
 * it only as of the last {@link #written write-out}, and the index tracks what changed since:
 * entries not written yet, and written keys deleted since. Not thread-safe.
 */
final class WindowIndex {
    private static final int MIN_CAPACITY = 1 << 10;

    private byte[][] keys;
    private byte[][] values;
    private int[] hashes;
    private long[] ends; // the window end of each key, as its bytes 1..8 read unsigned (key order)
    private long[] texts; // the key's next 8 bytes (the start of its text key, zero-padded)
    private boolean[] inRocksDb; // RocksDB holds a value under this key (this one, or an older one)
    private boolean[] dirty; // RocksDB lacks this value
    private int size;
    private long entryBytes; // the entries' key and value arrays, headers included
    private final List<byte[]> deletedWritten = new ArrayList<>();

    WindowIndex() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new byte[capacity][];
        hashes = new int[capacity];
        ends = new long[capacity];
        texts = new long[capacity];
        inRocksDb = new boolean[capacity];
        dirty = new boolean[capacity];
        size = 0;
        entryBytes = 0;
    }

    private int find(byte[] key, int hash) {
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

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key) {
        int slot = find(key, Arrays.hashCode(key));
        return slot < 0 ? null : values[slot];
    }

    /** Adds or replaces the entry of {@code key}; {@code isWritten}: RocksDB holds this value already. */
    void put(byte[] key, byte[] value, boolean isWritten) {
        int hash = Arrays.hashCode(key);
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
        ends[i] = bytesAt(key, 1);
        texts[i] = bytesAt(key, 9);
        inRocksDb[i] = isInRocksDb;
        dirty[i] = isDirty;
        size++;
        entryBytes += 32 + key.length + value.length;
    }

    /** Removes the entry of {@code key}, if any. */
    void delete(byte[] key) {
        int slot = find(key, Arrays.hashCode(key));
        if (slot < 0) {
            return;
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
    }

    /**
     * Drops every window ending at or before {@code end}: emitted, so dead (the state's
     * emitted-through mark removes them, with no delete per key). Costs one pass over the table.
     */
    void dropThrough(long end) {
        long sortableEnd = end ^ Long.MIN_VALUE;
        int live = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && Long.compareUnsigned(ends[i], sortableEnd) > 0) {
                live++;
            }
        }
        if (live < size) {
            rehash(keys.length, sortableEnd); // the same size: the next batch adds about as many
        }
    }

    /** RocksDB holds {@code key}, a dead (emitted) window the index does not: the next write-out deletes it. */
    void deadInRocksDb(byte[] key) {
        deletedWritten.add(key);
    }

    private void move(int from, int to) {
        keys[to] = keys[from];
        values[to] = values[from];
        hashes[to] = hashes[from];
        ends[to] = ends[from];
        texts[to] = texts[from];
        inRocksDb[to] = inRocksDb[from];
        dirty[to] = dirty[from];
    }

    private void resize(int capacity) {
        rehash(capacity, null);
    }

    /**
     * Moves the entries into a table of {@code capacity} slots, leaving out (and remembering, when
     * RocksDB holds them) the windows ending at or before {@code dropThroughSortableEnd} (as
     * {@link #ends} holds it); null keeps every entry.
     */
    private void rehash(int capacity, Long dropThroughSortableEnd) {
        byte[][] oldKeys = keys;
        byte[][] oldValues = values;
        int[] oldHashes = hashes;
        long[] oldEnds = ends;
        boolean[] oldInRocksDb = inRocksDb;
        boolean[] oldDirty = dirty;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == null) {
                continue;
            }
            if (dropThroughSortableEnd == null || Long.compareUnsigned(oldEnds[i], dropThroughSortableEnd) > 0) {
                add(oldKeys[i], oldHashes[i], oldValues[i], oldInRocksDb[i], oldDirty[i]);
            } else if (oldInRocksDb[i]) {
                deletedWritten.add(oldKeys[i]);
            }
        }
    }

    /** The largest key in {@code [from, toExclusive)}, or null. */
    byte[] lastKey(byte[] from, byte[] toExclusive) {
        int last = -1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && inRange(i, from, toExclusive) && (last < 0 || compare(i, last) > 0)) {
                last = i;
            }
        }
        return last < 0 ? null : keys[last];
    }

    /** Visits every entry in {@code [from, toExclusive)} in key order. The visitor must not change the index. */
    void scan(byte[] from, byte[] toExclusive, BiConsumer<byte[], byte[]> visitor) {
        Integer[] inRange = new Integer[size];
        int count = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && inRange(i, from, toExclusive)) {
                inRange[count++] = i;
            }
        }
        Arrays.sort(inRange, 0, count, this::compare);
        for (int at = 0; at < count; at++) {
            visitor.accept(keys[inRange[at]], values[inRange[at]]);
        }
    }

    /** Orders two slots' keys: by their first 17 bytes (held in arrays), then by the keys themselves. */
    private int compare(int a, int b) {
        int order = Long.compareUnsigned(ends[a], ends[b]);
        if (order == 0) {
            order = Long.compareUnsigned(texts[a], texts[b]);
        }
        return order != 0 ? order : Arrays.compareUnsigned(keys[a], keys[b]);
    }

    private boolean inRange(int slot, byte[] from, byte[] toExclusive) {
        return compareTo(slot, from) >= 0 && compareTo(slot, toExclusive) < 0;
    }

    /** Orders the slot's key against {@code bound}, reading the key itself only when their ends tie. */
    private int compareTo(int slot, byte[] bound) {
        int order = Integer.compare(StateKeys.WINDOW, bound[0] & 0xFF);
        if (order == 0) {
            order = Long.compareUnsigned(ends[slot], bytesAt(bound, 1));
        }
        return order != 0 ? order : Arrays.compareUnsigned(keys[slot], bound);
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
        return size;
    }

    /** About how many heap bytes the index takes: its arrays, keys and values. */
    long heapBytes() {
        return (long) keys.length * (4 + 4 + 4 + 8 + 8 + 1 + 1) + entryBytes;
    }

    /** What RocksDB lacks since the last write-out: puts of entries not written, deletes of written keys deleted. */
    interface WriteOut {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    /** Hands over what changed since the last write-out, then counts everything as written. */
    void written(WriteOut out) {
        for (byte[] key : deletedWritten) {
            if (find(key, Arrays.hashCode(key)) < 0) { // else put again since: the put below replaces it
                out.delete(key);
            }
        }
        deletedWritten.clear();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && dirty[i]) {
                out.put(keys[i], values[i]);
                dirty[i] = false;
                inRocksDb[i] = true;
            }
        }
    }

    void clear() {
        allocate(MIN_CAPACITY);
        deletedWritten.clear();
    }
}
