package dev.spindle.runtime.task;

import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One batch's changes to a task's state, kept in memory over the committed store: reads see the
 * batch's own writes first, so each key reaches RocksDB at most once per batch (pre-aggregation),
 * and nothing touches the store until the batch's commit names this attempt. The changes become
 * the attempt's changelog and, once committed, one atomic write to the store.
 */
final class StateOverlay {
    private static final byte[] DELETED = new byte[0];

    private final TaskStateStore store;
    private final TreeMap<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);

    StateOverlay(TaskStateStore store) {
        this.store = store;
    }

    /** The value under {@code key} as of this batch so far, or null. */
    byte[] get(byte[] key) throws IOException {
        byte[] changed = changes.get(key);
        if (changed != null) {
            return changed == DELETED ? null : changed;
        }
        return store.get(key);
    }

    void put(byte[] key, byte[] value) {
        changes.put(key, value);
    }

    void delete(byte[] key) {
        changes.put(key, DELETED);
    }

    /**
     * Visits, in key order, every entry in {@code [from, toExclusive)} as of this batch so far.
     * The entries are collected first, so the visitor may change the overlay.
     */
    void scan(byte[] from, byte[] toExclusive, BiConsumer<byte[], byte[]> visitor) throws IOException {
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
        try (StateIterator stored = store.scan(from, toExclusive)) {
            for (; stored.isValid(); stored.next()) {
                merged.put(stored.key(), stored.value());
            }
        }
        for (Map.Entry<byte[], byte[]> change : changes.subMap(from, true, toExclusive, false).entrySet()) {
            merged.put(change.getKey(), change.getValue());
        }
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(merged.entrySet());
        for (Map.Entry<byte[], byte[]> entry : entries) {
            if (entry.getValue() != DELETED) {
                visitor.accept(entry.getKey(), entry.getValue());
            }
        }
    }

    /** The batch's changes, one per touched key, in key order. */
    List<StateChange> changes() {
        List<StateChange> list = new ArrayList<>(changes.size());
        for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
            list.add(change.getValue() == DELETED ? StateChange.delete(change.getKey())
                    : StateChange.put(change.getKey(), change.getValue()));
        }
        return list;
    }
}
