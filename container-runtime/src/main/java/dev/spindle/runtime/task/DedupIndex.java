package dev.spindle.runtime.task;

import dev.spindle.state.changelog.ChangeSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deduplication entries in memory: each state key ({@link StateKeys#dedup}) with the event time of
 * the value it remembers. One array of keys and one of times and hashes, probed linearly: no
 * object per entry beyond its key. An entry whose expiry the watermark has reached is invisible to
 * every read from then on (the watermark never moves back), so a rebuild drops it and no sweep is
 * needed.
 *
 * <p>The committed index of a task is the authority on its dedup entries; RocksDB holds them only
 * as of the last {@link #written write-out} (before each snapshot and catch-up). The index tracks
 * what changed since: entries not written yet, and written keys it dropped since. Not thread-safe.
 */
final class DedupIndex {
    private static final int MIN_CAPACITY = 1 << 10;

    private byte[][] keys;
    private long[] times;
    private int[] hashes;
    private boolean[] written; // RocksDB holds this entry with this time
    private int size;
    private long keyBytes; // the entries' key arrays, headers included
    private final List<byte[]> droppedWritten = new ArrayList<>();

    DedupIndex() {
        this(0);
    }

    /** @param expectedEntries about how many entries it will hold, to size the table once */
    DedupIndex(int expectedEntries) {
        allocate(capacityFor(expectedEntries));
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        times = new long[capacity];
        hashes = new int[capacity];
        written = new boolean[capacity];
        size = 0;
        keyBytes = 0;
    }

    static int hash(byte[] key) {
        return Arrays.hashCode(key);
    }

    /** The slot of {@code key}, or -1. */
    int find(byte[] key, int hash) {
        int mask = keys.length - 1;
        for (int i = (hash * 0x9E3779B9) & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(byte[] key, int hash) {
        return find(key, hash) >= 0;
    }

    /** The event time the entry in {@code slot} (from {@link #find}) remembers. */
    long timeAt(int slot) {
        return times[slot];
    }

    /** Adds or replaces the entry of {@code key}. */
    void put(byte[] key, int hash, long time, boolean isWritten) {
        int slot = find(key, hash);
        if (slot >= 0) {
            times[slot] = time;
            written[slot] = isWritten;
            return;
        }
        add(key, hash, time, isWritten);
    }

    /** Replaces the time of the entry in {@code slot} (from {@link #find}); it is not written since. */
    void replaceAt(int slot, long time) {
        times[slot] = time;
        written[slot] = false;
    }

    /** Adds an entry for a key {@link #find} did not find. */
    void add(byte[] key, int hash, long time, boolean isWritten) {
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = (hash * 0x9E3779B9) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        times[i] = time;
        hashes[i] = hash;
        written[i] = isWritten;
        size++;
        keyBytes += 16 + key.length;
    }

    /**
     * Adds every entry of {@code batch} (a batch's new entries, once committed), not written yet.
     * When that would grow the table, the entries expired at {@code watermark} (the batch's; null
     * before the first) are dropped first.
     */
    void putAll(DedupIndex batch, Long watermark, long ttl) {
        if (watermark != null && (size + batch.size) * 2 > keys.length) {
            dropExpired(watermark, ttl);
        }
        for (int i = 0; i < batch.keys.length; i++) {
            if (batch.keys[i] != null) {
                put(batch.keys[i], batch.hashes[i], batch.times[i], false);
            }
        }
    }

    /**
     * Drops every entry whose expiry {@code watermark} has reached: invisible from now on. Called
     * when the index would grow, so dropping costs one pass per growth.
     */
    void dropExpired(long watermark, long ttl) {
        int live = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && !TaskProcessor.isExpired(times[i], ttl, watermark)) {
                live++;
            }
        }
        rehash(capacityFor(live), watermark, ttl);
    }

    /** Room for {@code entries} at most a quarter full, so that they can double before the table grows. */
    private static int capacityFor(int entries) {
        return Math.max(MIN_CAPACITY, Integer.highestOneBit((int) Math.min(1 << 29, Math.max(1, entries) * 4L) - 1) << 1);
    }

    private void resize(int capacity) {
        rehash(capacity, null, 0);
    }

    /**
     * Moves the entries into a table of {@code capacity} slots, leaving out (and remembering, when
     * RocksDB holds them) those expired at {@code watermark}; null keeps every entry.
     */
    private void rehash(int capacity, Long watermark, long ttl) {
        byte[][] oldKeys = keys;
        long[] oldTimes = times;
        int[] oldHashes = hashes;
        boolean[] oldWritten = written;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == null) {
                continue;
            }
            if (watermark != null && TaskProcessor.isExpired(oldTimes[i], ttl, watermark)) {
                if (oldWritten[i]) {
                    droppedWritten.add(oldKeys[i]);
                }
            } else {
                add(oldKeys[i], oldHashes[i], oldTimes[i], oldWritten[i]);
            }
        }
    }

    int size() {
        return size;
    }

    /** The bytes of the index's entries as changelog puts (key, and the time's 8 bytes). */
    long changelogBytes() {
        return keyBytes - 16L * size + (long) size * ChangeSet.entryBytes(0, 8);
    }

    /** About how many heap bytes the index takes: its arrays and its keys. */
    long heapBytes() {
        return (long) keys.length * (4 + 8 + 4 + 1) + keyBytes;
    }

    /** Visits one entry. */
    interface EntryVisitor {
        void entry(byte[] key, long time);
    }

    /** Visits every entry, in table order (the same for the same puts in the same order). */
    void forEach(EntryVisitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                visitor.entry(keys[i], times[i]);
            }
        }
    }

    /** What RocksDB lacks since the last write-out: puts of entries not written, deletes of written keys dropped. */
    interface WriteOut {
        void put(byte[] key, long time);

        void delete(byte[] key);
    }

    /** Hands over what changed since the last write-out, then counts everything as written. */
    void written(WriteOut out) {
        for (byte[] key : droppedWritten) {
            if (!contains(key, hash(key))) { // else added again since: the put below replaces it
                out.delete(key);
            }
        }
        droppedWritten.clear();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && !written[i]) {
                out.put(keys[i], times[i]);
                written[i] = true;
            }
        }
    }

    void clear() {
        allocate(MIN_CAPACITY);
        droppedWritten.clear();
    }
}
