package dev.spindle.runtime.task;

import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One batch's changes to a task's state, kept in memory over the committed store: reads see the
 * batch's own writes first, so each key reaches RocksDB at most once per batch (pre-aggregation),
 * and nothing touches the store until the batch's commit names this attempt. The changes become
 * the attempt's changelog and, once committed, one atomic write to the store. Lookups are hash
 * lookups; order is established only where it is needed (range scans, the changelog).
 */
final class StateOverlay {
    private static final byte[] DELETED = new byte[0];

    private final TaskStateStore store;
    private final Map<ByteKey, byte[]> changes;
    /** Store values fetched ahead in one batched lookup; DELETED marks a key known absent. */
    private final Map<ByteKey, byte[]> fetched;

    /** @param expectedKeys about how many keys the batch will touch, to size the map once */
    StateOverlay(TaskStateStore store, int expectedKeys) {
        this.store = store;
        this.changes = new HashMap<>(Math.max(16, expectedKeys * 4 / 3 + 1));
        this.fetched = new HashMap<>(Math.max(16, expectedKeys * 4 / 3 + 1));
    }

    /** Reads the stored values of {@code keys} in one batched lookup, so later gets need no RocksDB call. */
    void prefetch(List<ByteKey> keys) throws IOException {
        List<byte[]> bytes = new ArrayList<>(keys.size());
        keys.forEach(key -> bytes.add(key.bytes()));
        List<byte[]> values = store.getAll(bytes);
        for (int i = 0; i < keys.size(); i++) {
            fetched.put(keys.get(i), values.get(i) == null ? DELETED : values.get(i));
        }
    }

    /** The value under {@code key} as of this batch so far, or null. */
    byte[] get(byte[] key) throws IOException {
        return get(new ByteKey(key));
    }

    byte[] get(ByteKey key) throws IOException {
        byte[] changed = changes.get(key);
        if (changed == null) {
            changed = fetched.get(key);
        }
        if (changed != null) {
            return changed == DELETED ? null : changed;
        }
        return store.get(key.bytes());
    }

    void put(byte[] key, byte[] value) {
        changes.put(new ByteKey(key), value);
    }

    void delete(byte[] key) {
        changes.put(new ByteKey(key), DELETED);
    }

    /**
     * Visits, in key order, every entry in {@code [from, toExclusive)} as of this batch so far: the
     * store's entries merged with the batch's changes. The visitor may change the overlay (the
     * changes in the range were taken before the visit starts).
     */
    void scan(byte[] from, byte[] toExclusive, BiConsumer<byte[], byte[]> visitor) throws IOException {
        List<Map.Entry<ByteKey, byte[]>> changed = new ArrayList<>();
        for (Map.Entry<ByteKey, byte[]> change : changes.entrySet()) {
            byte[] key = change.getKey().bytes();
            if (key[0] >= from[0] && key[0] <= toExclusive[0] // cheap filter by keyspace first
                    && Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, toExclusive) < 0) {
                changed.add(Map.entry(change.getKey(), change.getValue()));
            }
        }
        changed.sort((a, b) -> Arrays.compareUnsigned(a.getKey().bytes(), b.getKey().bytes()));
        int next = 0;
        try (StateIterator stored = store.scan(from, toExclusive)) {
            while (stored.isValid() || next < changed.size()) {
                int order = !stored.isValid() ? 1 : next == changed.size() ? -1
                        : Arrays.compareUnsigned(stored.key(), changed.get(next).getKey().bytes());
                if (order < 0) {
                    visitor.accept(stored.key(), stored.value());
                    stored.next();
                    continue;
                }
                byte[] value = changed.get(next).getValue();
                if (value != DELETED) {
                    visitor.accept(changed.get(next).getKey().bytes(), value);
                }
                next++;
                if (order == 0) {
                    stored.next(); // the batch's change shadows the stored entry
                }
            }
        }
    }

    /**
     * The batch's changes, one per touched key. Not sorted (the store does not need it); the order
     * is still deterministic, since a replay makes the same changes in the same order.
     */
    List<StateChange> changes() {
        List<StateChange> list = new ArrayList<>(changes.size());
        for (Map.Entry<ByteKey, byte[]> change : changes.entrySet()) {
            list.add(change.getValue() == DELETED ? StateChange.delete(change.getKey().bytes())
                    : StateChange.put(change.getKey().bytes(), change.getValue()));
        }
        return list;
    }
}
