package dev.spindle.runtime.task;

import dev.spindle.state.changelog.ChangeSet;
import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * another hash lookup. Slots live in an open-addressing table (a probe compares the slot's
 * hash before it touches a key), and the changed ones in a list in the order
 * of their first change: scans and the changelog walk only those. Order by key is established
 * only where it is needed (range scans).
 */
final class StateOverlay {
    private static final byte[] ABSENT = new byte[0];

    /** One key the batch touches. */
    static final class Slot {
        private final byte[] key;
        private final int hash;
        private byte[] stored; // null: not fetched yet; ABSENT: no stored value
        private byte[] value; // null: unchanged; ABSENT: deleted
        private Object decoded;
        private boolean isDecoded;

        private Slot(byte[] key, int hash) {
            this.key = key;
            this.hash = hash;
        }

        byte[] key() {
            return key;
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
    private final WindowIndex windows;
    private Slot[] table;
    private int shift; // index = spread hash >>> shift: the table has 2^(32 - shift) entries
    private int size;
    private final List<Slot> unfetched;
    private final List<Slot> changed;
    private Long windowsEmittedThrough; // null: the batch emits no window
    private long changedBytes; // the changelog bytes of the changes so far: sizes its buffer once
    private final byte[][] lowestChanged = new byte[256][]; // by keyspace (first byte): lets scans skip the list
    private final byte[][] highestChanged = new byte[256][];

    /**
     * @param store the committed state of every keyspace but the windows'
     * @param windows the committed windows (RocksDB's window keyspace is stale between write-backs)
     * @param expectedKeys about how many keys the batch will touch, to size the table once
     */
    StateOverlay(TaskStateStore store, WindowIndex windows, int expectedKeys) {
        this.store = store;
        this.windows = windows;
        this.table = new Slot[tableSize(expectedKeys)];
        this.shift = Integer.numberOfLeadingZeros(table.length) + 1;
        this.unfetched = new ArrayList<>(expectedKeys);
        this.changed = new ArrayList<>(expectedKeys);
    }

    /** The slot of {@code key}, made on first use; its stored value is read by the next {@link #fetch}. */
    Slot slot(byte[] key) {
        int hash = Arrays.hashCode(key);
        int mask = table.length - 1;
        for (int index = (hash * 0x9E3779B9) >>> shift; ; index = (index + 1) & mask) {
            Slot slot = table[index];
            if (slot == null) {
                slot = new Slot(key, hash);
                table[index] = slot;
                unfetched.add(slot);
                if (++size * 3 > table.length * 2) {
                    grow();
                }
                return slot;
            }
            if (slot.hash == hash && Arrays.equals(slot.key, key)) {
                return slot;
            }
        }
    }

    /**
     * The smallest power of two that holds {@code expectedKeys} at most two thirds full (linear
     * probing slows down sharply beyond that). Not larger: the table is probed at random, and one
     * that outgrows the CPU caches costs several times as much per lookup (a 2^18-entry table took
     * three times as long per key as a 2^17 one).
     */
    private static int tableSize(int expectedKeys) {
        int minimum = Math.max(16, (int) Math.min(1 << 30, expectedKeys * 3L / 2 + 1));
        return Integer.highestOneBit(minimum - 1) << 1;
    }

    private void grow() {
        Slot[] oldTable = table;
        table = new Slot[oldTable.length * 2];
        shift--;
        int mask = table.length - 1;
        for (Slot slot : oldTable) {
            if (slot != null) {
                int index = (slot.hash * 0x9E3779B9) >>> shift;
                while (table[index] != null) {
                    index = (index + 1) & mask;
                }
                table[index] = slot;
            }
        }
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
                if (isWindow(slot.key)) {
                    slot.stored = stored(windows.get(slot.key));
                } else {
                    wanted.add(slot);
                    keys.add(slot.key);
                }
            }
        }
        unfetched.clear();
        List<byte[]> values = store.getAll(keys);
        for (int i = 0; i < wanted.size(); i++) {
            wanted.get(i).stored = stored(values.get(i));
        }
    }

    private static boolean isWindow(byte[] key) {
        return key[0] == StateKeys.WINDOW;
    }

    private static byte[] stored(byte[] value) {
        return value == null ? ABSENT : value;
    }

    /**
     * Tells the overlay that the store holds no value under the slot's key (the caller knows it
     * from {@link #lastStoredKey}), so {@link #fetch} does not look it up.
     */
    void knownAbsent(Slot slot) {
        if (slot.stored == null) {
            slot.stored = ABSENT;
        }
    }

    /** The largest key in {@code [from, toExclusive)} the store holds, the batch's changes aside; or null. */
    byte[] lastStoredKey(byte[] from, byte[] toExclusive) throws IOException {
        return isWindow(from) ? windows.lastKey(from, toExclusive) : store.lastKey(from, toExclusive);
    }

    /** The slot's value as of this batch so far, or null. */
    byte[] get(Slot slot) throws IOException {
        if (slot.value != null) {
            return slot.value == ABSENT ? null : slot.value;
        }
        if (slot.stored == null) {
            slot.stored = stored(isWindow(slot.key) ? windows.get(slot.key) : store.get(slot.key));
        }
        return slot.stored == ABSENT ? null : slot.stored;
    }

    /** The value under {@code key} as of this batch so far, or null. */
    byte[] get(byte[] key) throws IOException {
        return get(slot(key));
    }

    void put(Slot slot, byte[] value) {
        change(slot, value);
    }

    void put(byte[] key, byte[] value) {
        change(slot(key), value);
    }

    void delete(byte[] key) {
        change(slot(key), ABSENT);
    }

    private void change(Slot slot, byte[] value) {
        if (slot.value == null) {
            changed.add(slot);
            int space = slot.key[0] & 0xFF;
            if (lowestChanged[space] == null || Arrays.compareUnsigned(slot.key, lowestChanged[space]) < 0) {
                lowestChanged[space] = slot.key;
            }
            if (highestChanged[space] == null || Arrays.compareUnsigned(slot.key, highestChanged[space]) > 0) {
                highestChanged[space] = slot.key;
            }
        } else {
            changedBytes -= entryBytes(slot);
        }
        slot.value = value;
        changedBytes += entryBytes(slot);
    }

    private static int entryBytes(Slot slot) {
        return ChangeSet.entryBytes(slot.key.length, slot.value == ABSENT ? -1 : slot.value.length);
    }

    /**
     * Visits, in key order, every entry in {@code [from, toExclusive)} as of this batch so far: the
     * committed entries (from the window index, or RocksDB for other keyspaces, read before the
     * visit starts) merged with the batch's changes. The visitor may change the overlay (the
     * changes in the range were taken before the visit starts too).
     */
    void scan(byte[] from, byte[] toExclusive, BiConsumer<byte[], byte[]> visitor) throws IOException {
        List<Slot> inRange = new ArrayList<>();
        for (Slot slot : mayHaveChangesIn(from, toExclusive) ? changed : List.<Slot>of()) {
            byte[] key = slot.key;
            if ((key[0] & 0xFF) >= (from[0] & 0xFF) && (key[0] & 0xFF) <= (toExclusive[0] & 0xFF) // keyspace first
                    && Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, toExclusive) < 0) {
                inRange.add(slot);
            }
        }
        inRange.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
        List<byte[]> values = new ArrayList<>(inRange.size());
        inRange.forEach(slot -> values.add(slot.value));
        int expected = isWindow(from) ? windows.size() : 16;
        List<byte[]> storedKeys = new ArrayList<>(expected);
        List<byte[]> storedValues = new ArrayList<>(expected);
        BiConsumer<byte[], byte[]> stored = (key, value) -> {
            storedKeys.add(key);
            storedValues.add(value);
        };
        if (isWindow(from)) {
            windows.scan(from, toExclusive, stored);
        } else {
            try (StateIterator iterator = store.scan(from, toExclusive)) {
                for (; iterator.isValid(); iterator.next()) {
                    stored.accept(iterator.key(), iterator.value());
                }
            }
        }
        int next = 0;
        for (int at = 0; at < storedKeys.size() || next < inRange.size(); ) {
            int order = at == storedKeys.size() ? 1 : next == inRange.size() ? -1
                    : Arrays.compareUnsigned(storedKeys.get(at), inRange.get(next).key);
            if (order < 0) {
                visitor.accept(storedKeys.get(at), storedValues.get(at));
                at++;
                continue;
            }
            byte[] value = values.get(next);
            if (value != ABSENT) {
                visitor.accept(inRange.get(next).key, value);
            }
            next++;
            if (order == 0) {
                at++; // the batch's change shadows the stored entry
            }
        }
    }

    /** False when no key the batch changed lies in {@code [from, toExclusive)}. */
    private boolean mayHaveChangesIn(byte[] from, byte[] toExclusive) {
        for (int space = from[0] & 0xFF; space <= (toExclusive[0] & 0xFF); space++) {
            if (lowestChanged[space] != null && Arrays.compareUnsigned(lowestChanged[space], toExclusive) < 0
                    && Arrays.compareUnsigned(highestChanged[space], from) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The batch emits every window ending at or before {@code end}. The emitted-through mark the
     * processor keeps in the state removes them, with no delete per key: a window at or below the
     * mark is dead wherever it is. The batch's own changes to such windows are dropped, and the
     * committed index drops them at the commit.
     */
    void windowsEmittedThrough(long end) {
        windowsEmittedThrough = end;
    }

    /**
     * Whether the batch emits a window it changed. Its values are not late, so their windows end
     * after the batch's watermark and it never does; the check costs one key, not one per window.
     */
    private boolean emitsChangedWindows() {
        byte[] lowest = lowestChanged[StateKeys.WINDOW];
        return windowsEmittedThrough != null && lowest != null && StateKeys.timeOf(lowest) <= windowsEmittedThrough;
    }

    private boolean isEmittedWindow(byte[] key) {
        return isWindow(key) && StateKeys.timeOf(key) <= windowsEmittedThrough;
    }

    /**
     * The batch's changes, one per changed key, in the order of their first change (so a replay,
     * which makes the same changes in the same order, writes the same changelog). A key the store
     * does not hold and the batch ends deleting is no change at all, nor is an emitted window:
     * the changelog and RocksDB never see them.
     *
     * @param moreBytes room to leave for entries the caller appends
     */
    ChangeSet changes(long moreBytes) {
        ChangeSet changes = new ChangeSet((int) Math.min(changedBytes + moreBytes, Integer.MAX_VALUE - 16));
        boolean emitsChangedWindows = emitsChangedWindows();
        for (Slot slot : changed) {
            if (emitsChangedWindows && isEmittedWindow(slot.key)) {
                continue;
            }
            if (slot.value != ABSENT) {
                changes.put(slot.key, slot.value);
            } else if (slot.stored != ABSENT) {
                changes.delete(slot.key);
            }
        }
        return changes;
    }

    /**
     * Moves the committed batch's window changes into {@code committedWindows}, without copying a
     * key or value, drops the windows it emitted from there, and returns the other changes, for
     * RocksDB.
     */
    ChangeSet commitWindows(WindowIndex committedWindows) {
        ChangeSet others = new ChangeSet();
        boolean emitsChangedWindows = emitsChangedWindows();
        for (Slot slot : changed) {
            if (emitsChangedWindows && isEmittedWindow(slot.key)) {
                continue;
            }
            if (isWindow(slot.key)) {
                if (slot.value != ABSENT) {
                    committedWindows.put(slot.key, slot.value, false);
                } else {
                    committedWindows.delete(slot.key);
                }
            } else if (slot.value != ABSENT) {
                others.put(slot.key, slot.value);
            } else if (slot.stored != ABSENT) {
                others.delete(slot.key);
            }
        }
        if (windowsEmittedThrough != null) {
            committedWindows.dropThrough(windowsEmittedThrough);
        }
        return others;
    }
}
