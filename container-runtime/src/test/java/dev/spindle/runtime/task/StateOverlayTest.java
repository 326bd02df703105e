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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay over a real RocksDB store: reads see the batch's writes, and only real changes leave it. */
class StateOverlayTest {
    @TempDir
    Path dir;

    @Test
    void aKeyTheStoreLacksThatTheBatchWritesAndDeletesIsNoChange() throws Exception {
        try (StateMemory memory = new StateMemory(16L * 1024 * 1024);
                TaskStateStore store = TaskStateStore.open("s0-p0", dir.resolve("db"), StateId.EMPTY, memory)) {
            store.apply(new StateId(0, "a"), List.of(StateChange.put(bytes("stored"), bytes("1"))));
            StateOverlay overlay = new StateOverlay(store, 4);
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
            for (StateChange change : overlay.changes()) {
                changes.put(text(change.key()), change.isDelete() ? "delete" : text(change.value()));
            }
            assertEquals(Map.of("stored", "delete", "new", "3"), changes);
        }
    }

    @Test
    void aScanMergesTheStoreWithTheBatchInKeyOrder() throws Exception {
        try (StateMemory memory = new StateMemory(16L * 1024 * 1024);
                TaskStateStore store = TaskStateStore.open("s0-p0", dir.resolve("db"), StateId.EMPTY, memory)) {
            store.apply(new StateId(0, "a"), List.of(StateChange.put(bytes("b"), bytes("stored b")),
                    StateChange.put(bytes("d"), bytes("stored d")), StateChange.put(bytes("f"), bytes("stored f"))));
            StateOverlay overlay = new StateOverlay(store, 4);
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
            assertTrue(overlay.changes().stream().allMatch(c -> c.isDelete() || text(c.key()).equals("z")));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
