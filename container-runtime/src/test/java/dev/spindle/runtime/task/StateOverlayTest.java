package dev.spindle.runtime.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.rocksdb.StateId;
import dev.spindle.state.rocksdb.StateMemory;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay over a real RocksDB store: reads see the batch's writes, and only real changes leave it. */
class StateOverlayTest {
    @TempDir
    Path dir;
    private StateMemory memory;
    private TaskStateStore store;

    @BeforeEach
    void openStore() throws Exception {
        memory = new StateMemory(16L * 1024 * 1024);
        store = TaskStateStore.open("s0-p0", dir.resolve("db"), StateId.EMPTY, memory);
    }

    @AfterEach
    void closeStore() {
        store.close();
        memory.close();
    }

    @Test
    void aKeyTheStoreLacksThatTheBatchWritesAndDeletesIsNoChange() throws Exception {
        StateOverlay overlay = overlayOver("stored=1");
        StateOverlay.Slot stored = overlay.slot(bytes("stored"));
        StateOverlay.Slot opened = overlay.slot(bytes("opened"));
        overlay.fetch();
        assertArrayEquals(bytes("1"), overlay.get(stored));
        assertNull(overlay.get(opened));

        overlay.put(opened, bytes("2"));
        assertArrayEquals(bytes("2"), overlay.get(opened), "reads see the batch's own writes");
        overlay.delete(bytes("opened"));
        overlay.delete(bytes("stored"));
        overlay.put(bytes("new"), bytes("3"));

        Map<String, String> changes = new TreeMap<>();
        for (StateChange change : overlay.changes(0).toList()) {
            changes.put(text(change.key()), change.isDelete() ? "delete" : text(change.value()));
        }
        assertEquals(Map.of("stored", "delete", "new", "3"), changes);
    }

    @Test
    void aScanMergesTheStoreWithTheBatchInKeyOrder() throws Exception {
        StateOverlay overlay = overlayOver("b=stored b", "d=stored d", "f=stored f");
        overlay.put(bytes("a"), bytes("new a"));
        overlay.put(bytes("d"), bytes("new d"));
        overlay.delete(bytes("f"));
        overlay.put(bytes("z"), bytes("out of range"));
        List<String> seen = new ArrayList<>();
        overlay.scan(bytes("a"), bytes("g"), (key, value) -> {
            seen.add(text(key) + "=" + text(value));
            overlay.delete(key); // the visitor may change the overlay
        });
        assertEquals(List.of("a=new a", "b=stored b", "d=new d"), seen);
        assertTrue(overlay.changes(0).toList().stream().allMatch(c -> c.isDelete() || text(c.key()).equals("z")));
    }

    @Test
    void aScanOfARangeTheBatchDidNotChangeSeesTheStoreOnly() throws Exception {
        StateOverlay overlay = overlayOver("w1=1", "w2=2", "w7=7");
        overlay.put(bytes("w5"), bytes("5"));
        overlay.put(bytes("w6"), bytes("6"));
        assertEquals(List.of("w1=1", "w2=2"), scan(overlay, "w0", "w3"), "below the changed keys");
        assertEquals(List.of("w7=7"), scan(overlay, "w7", "w9"), "above them");
        assertEquals(List.of("w2=2", "w5=5", "w6=6"), scan(overlay, "w2", "w7"), "across them");
        overlay.delete(bytes("w1"));
        assertEquals(List.of("w2=2"), scan(overlay, "w0", "w3"), "a later change widens the changed range");
    }

    @Test
    void theLastStoredKeyOfARangeSkipsTombstonesAndTheBatchsOwnChanges() throws Exception {
        StateOverlay overlay = overlayOver("w1=1", "w2=2", "w5=5", "x=9");
        store.apply(new StateId(1, "a"), List.of(StateChange.delete(bytes("w5"))));
        overlay = new StateOverlay(store, new WindowIndex(), 4);
        overlay.put(bytes("w7"), bytes("7"));
        assertEquals("w2", text(overlay.lastStoredKey(bytes("w"), bytes("x"))), "w5 is a tombstone, w7 not stored");
        assertEquals("w1", text(overlay.lastStoredKey(bytes("w"), bytes("w2"))), "the end is exclusive");
        assertNull(overlay.lastStoredKey(bytes("w3"), bytes("x")));

        StateOverlay.Slot absent = overlay.slot(bytes("w9"));
        StateOverlay.Slot stored = overlay.slot(bytes("x"));
        overlay.knownAbsent(absent);
        overlay.fetch();
        assertNull(overlay.get(absent));
        assertArrayEquals(bytes("9"), overlay.get(stored), "slots not known absent are fetched");
    }

    @Test
    void anOverlaySizedTooSmallGrowsAndKeepsEverySlot() throws Exception {
        StateOverlay overlay = overlayOver("k17=stored");
        List<StateOverlay.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            slots.add(overlay.slot(bytes("k" + i)));
        }
        overlay.fetch();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(slots.get(i) == overlay.slot(bytes("k" + i)), "one slot per key, found again: k" + i);
            overlay.put(slots.get(i), bytes("v" + i));
        }
        assertEquals(10_000, overlay.changes(0).size());
        assertArrayEquals(bytes("v17"), overlay.get(bytes("k17")));
        assertEquals("k0", text(overlay.changes(0).toList().get(0).key()), "changes keep the order of first change");
    }

    @Test
    void windowsAtOrBelowTheEmittedMarkLeaveTheChangesAndTheCommittedIndexWithoutADeleteEach() {
        WindowIndex committed = new WindowIndex();
        committed.put(StateKeys.window(10_000, "a"), bytes("a10"), false);
        committed.put(StateKeys.window(20_000, "a"), bytes("a20"), false);
        StateOverlay overlay = new StateOverlay(store, committed, 4);
        overlay.put(StateKeys.window(10_000, "b"), bytes("b10")); // emitted in the batch that changed it
        overlay.put(StateKeys.window(30_000, "b"), bytes("b30"));
        overlay.windowsEmittedThrough(10_000);
        overlay.put(StateKeys.start(StateKeys.EMITTED_THROUGH), StateKeys.encodeTime(10_000));

        List<String> changed = new ArrayList<>();
        for (StateChange change : overlay.changes(0).toList()) {
            changed.add(change.key()[0] == StateKeys.WINDOW ? StateKeys.textOf(change.key()) + "@"
                    + StateKeys.timeOf(change.key()) : "mark");
        }
        assertEquals(List.of("b@30000", "mark"), changed, "no put of the emitted window, no delete of a10");

        List<StateChange> forRocksDb = overlay.commitWindows(committed).toList();
        assertEquals(1, forRocksDb.size(), "only the mark goes to RocksDB");
        assertNull(committed.get(StateKeys.window(10_000, "a")));
        assertNull(committed.get(StateKeys.window(10_000, "b")));
        assertArrayEquals(bytes("a20"), committed.get(StateKeys.window(20_000, "a")));
        assertArrayEquals(bytes("b30"), committed.get(StateKeys.window(30_000, "b")));
    }

    /** A new batch's overlay over the store holding {@code entries} ({@code key=value}) as of batch 0. */
    private StateOverlay overlayOver(String... entries) throws Exception {
        List<StateChange> puts = new ArrayList<>();
        for (String entry : entries) {
            String[] keyValue = entry.split("=", 2);
            puts.add(StateChange.put(bytes(keyValue[0]), bytes(keyValue[1])));
        }
        store.apply(new StateId(0, "a"), puts);
        return new StateOverlay(store, new WindowIndex(), 4);
    }

    private static List<String> scan(StateOverlay overlay, String from, String toExclusive) throws Exception {
        List<String> seen = new ArrayList<>();
        overlay.scan(bytes(from), bytes(toExclusive), (key, value) -> seen.add(text(key) + "=" + text(value)));
        return seen;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
