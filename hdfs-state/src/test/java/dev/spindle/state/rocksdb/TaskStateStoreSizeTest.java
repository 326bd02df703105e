package dev.spindle.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.changelog.ChangeSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStateStoreSizeTest {

    @Test
    void theStateSizeFollowsTheDataNotTheWriteBuffer(@TempDir Path dir) throws Exception {
        try (StateMemory memory = new StateMemory(64L << 20);
                TaskStateStore store = TaskStateStore.open("s0-p0", dir.resolve("db"), StateId.EMPTY, memory)) {
            assertEquals(0, store.stateBytes(), "an empty store");
            ChangeSet changes = new ChangeSet();
            byte[] value = new byte[100];
            for (int i = 0; i < 10_000; i++) {
                changes.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
            }
            store.apply(new StateId(0, "1-0"), changes);
            long inMemtables = store.stateBytes();
            // about 1.1 MB of keys and values: counted, and not as a whole 64 MB write buffer
            assertTrue(inMemtables > 500_000 && inMemtables < 4_000_000, "in memtables: " + inMemtables);
            store.checkpoint(dir.resolve("flushed")); // a RocksDB checkpoint flushes the memtables to SSTs
            long inFiles = store.stateBytes();
            assertTrue(inFiles > 100_000 && inFiles < 4_000_000, "in SST files: " + inFiles);
        }
    }
}
