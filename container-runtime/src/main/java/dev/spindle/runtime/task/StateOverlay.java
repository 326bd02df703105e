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
 * the attempt's changelog and, once committed, one atomic write to the store.
 *
 * <p>Each key the batch touches has one {@link Slot}: its stored value (fetched with every other
 * new key in one batched lookup), its value as of the batch so far, and a decoded form the
 * processor may keep while the batch runs. A caller that holds a slot reads and writes it without
 * another hash lookup. Order is established only where it is needed (range scans).
 */
final class StateOverlay {
    private static final byte[] ABSENT = new byte[0];

    /** One key the batch touches. */
    static final class Slot {
        private final ByteKey key;
        private byte[] stored; // null: not fetched yet; ABSENT: no stored value
        private byte[] value; // null: unchanged; ABSENT: deleted
        private Object decoded;
        private boolean isDecoded;

        private Slot(ByteKey key) {
            this.key = key;
        }

        byte[] key() {
            return key.bytes();
        }

        /** True once the processor keeps a decoded form of the value here (the overlay never reads it). */
        boolean isDecoded() {
            return isDecoded;
        }

        Object decoded() {
            return decoded;
        }

        void decoded(Object decoded) {
            this.decoded = decoded;
            this.isDecoded = true;
        }
    }

    private final TaskStateStore store;
    private final Map<ByteKey, Slot> slots;
    private final List<Slot> unfetched = new ArrayList<>();

    /** @param expectedKeys about how many keys the batch will touch, to size the map once */
    StateOverlay(TaskStateStore store, int expectedKeys) {
        this.store = store;
        this.slots = new HashMap<>(Math.max(16, expectedKeys * 4 / 3 + 1));
    }

    /** The slot of {@code key}, made on first use; its stored value is read by the next {@link #fetch}. */
    Slot slot(byte[] key) {
        ByteKey byteKey = new ByteKey(key);
        Slot slot = new Slot(byteKey);
        Slot existing = slots.putIfAbsent(byteKey, slot); // one lookup: most keys are new to the batch
        if (existing != null) {
            return existing;
        }
        unfetched.add(slot);
        return slot;
    }

    /**
     * Reads the stored values of the slots made since the last fetch, in one batched lookup (slots
     * already read or overwritten need none).
     */
    void fetch() throws IOException {
        List<Slot> wanted = new ArrayList<>(unfetched.size());
        List<byte[]> keys = new ArrayList<>(unfetched.size());
        for (Slot slot : unfetched) {
            if (slot.stored == null && slot.value == null) {
                wanted.add(slot);
                keys.add(slot.key());
            }
        }
        unfetched.clear();
        List<byte[]> values = store.getAll(keys);
        for (int i = 0; i < wanted.size(); i++) {
            wanted.get(i).stored = values.get(i) == null ? ABSENT : values.get(i);
        }
    }

    /** The slot's value as of this batch so far, or null. */
    byte[] get(Slot slot) throws IOException {
        if (slot.value != null) {
            return slot.value == ABSENT ? null : slot.value;
        }
        if (slot.stored == null) {
            byte[] stored = store.get(slot.key());
            slot.stored = stored == null ? ABSENT : stored;
        }
        return slot.stored == ABSENT ? null : slot.stored;
    }

    /** The value under {@code key} as of this batch so far, or null. */
    byte[] get(byte[] key) throws IOException {
        return get(slot(key));
    }

    void put(Slot slot, byte[] value) {
        slot.value = value;
    }

    void put(byte[] key, byte[] value) {
        put(slot(key), value);
    }

    void delete(byte[] key) {
        slot(key).value = ABSENT;
    }

    /**
     * Visits, in key order, every entry in {@code [from, toExclusive)} as of this batch so far: the
     * store's entries merged with the batch's changes. The visitor may change the overlay (the
     * changes in the range were taken before the visit starts).
     */
    void scan(byte[] from, byte[] toExclusive, BiConsumer<byte[], byte[]> visitor) throws IOException {
        List<Slot> changed = new ArrayList<>();
        for (Slot slot : slots.values()) {
            byte[] key = slot.key();
            if (slot.value != null && key[0] >= from[0] && key[0] <= toExclusive[0] // cheap filter by keyspace first
                    && Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, toExclusive) < 0) {
                changed.add(slot);
            }
        }
        changed.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        List<byte[]> values = new ArrayList<>(changed.size());
        changed.forEach(slot -> values.add(slot.value));
        int next = 0;
        try (StateIterator stored = store.scan(from, toExclusive)) {
            while (stored.isValid() || next < changed.size()) {
                int order = !stored.isValid() ? 1 : next == changed.size() ? -1
                        : Arrays.compareUnsigned(stored.key(), changed.get(next).key());
                if (order < 0) {
                    visitor.accept(stored.key(), stored.value());
                    stored.next();
                    continue;
                }
                byte[] value = values.get(next);
                if (value != ABSENT) {
                    visitor.accept(changed.get(next).key(), value);
                }
                next++;
                if (order == 0) {
                    stored.next(); // the batch's change shadows the stored entry
                }
            }
        }
    }

    /**
     * The batch's changes, one per changed key. A key the store does not hold and the batch ends
     * deleting (a window opened and emitted in the same batch) is no change at all: the changelog
     * and RocksDB never see it. Not sorted (the store does not need it); the order is still
     * deterministic, since a replay makes the same changes in the same order.
     */
    List<StateChange> changes() {
        List<StateChange> list = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.value != null && !(slot.value == ABSENT && slot.stored == ABSENT)) {
                list.add(slot.value == ABSENT ? StateChange.delete(slot.key()) : StateChange.put(slot.key(), slot.value));
            }
        }
        return list;
    }
}
