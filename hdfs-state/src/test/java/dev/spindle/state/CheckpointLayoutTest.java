package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CheckpointLayoutTest {
    @Test
    void everyFileATaskWritesCarriesItsBatchAndAttempt() {
        assertEquals("state/s0-p3/changelog/12-2-0.log", CheckpointLayout.changelog("s0-p3", 12, "2-0"));
        assertEquals("state/s0-p3/snapshot/40-2-1", CheckpointLayout.snapshotDir("s0-p3", 40, "2-1"));
        assertEquals("state/s0-p3/sst/40-000123-u.sst", CheckpointLayout.sst("s0-p3", 40, "000123.sst", "u"));
        assertEquals("sinks/staging/7/s0-p0/1-3", CheckpointLayout.stagingDir(7, "s0-p0", "1-3"));
    }

    @Test
    void theBatchOfAPathIsReadFromItsName() {
        assertEquals(OptionalLong.of(7), CheckpointLayout.batchOf("offsets/7"));
        assertEquals(OptionalLong.of(7), CheckpointLayout.batchOf("commits/.7.0f3a.tmp"));
        assertEquals(OptionalLong.of(12), CheckpointLayout.batchOf("state/s0-p3/changelog/12-2-0.log"));
        assertEquals(OptionalLong.of(40), CheckpointLayout.batchOf("state/s0-p3/snapshot/40-2-1/manifest"));
        assertEquals(OptionalLong.of(40), CheckpointLayout.batchOf("state/s0-p3/snapshot/40-2-1/.manifest.9.tmp"));
        assertEquals(OptionalLong.of(40), CheckpointLayout.batchOf("state/s0-p3/sst/40-000123-u.sst"));
        assertEquals(OptionalLong.of(7), CheckpointLayout.batchOf("sinks/staging/7/s0-p0/1-3/part-0.json"));
        assertEquals(OptionalLong.of(7), CheckpointLayout.batchOf("sinks/published/7"));
        assertEquals(OptionalLong.empty(), CheckpointLayout.batchOf("metadata"));
        assertEquals(OptionalLong.empty(), CheckpointLayout.batchOf(".lock"));
        assertEquals(OptionalLong.empty(), CheckpointLayout.batchOf("state/s0-p3/notes/readme"));
        assertEquals(OptionalLong.empty(), CheckpointLayout.batchOf("offsets/x7"));
    }
}
