package dev.spindle.state.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.CheckpointInUseException;
import dev.spindle.state.io.CorruptFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On file://, where rename overwrites, the checkpoint lock keeps a second writer out. */
class BatchLogsOnLocalFsTest {
    @TempDir
    Path dir;

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheCheckpoint() throws Exception {
        try (Checkpoint a = Checkpoint.open(dir.toUri(), new Configuration())) {
            a.offsets().add(new BatchPlan(0, 1, "{}"));
            CheckpointInUseException refused = assertThrows(CheckpointInUseException.class,
                    () -> Checkpoint.open(dir.toUri(), new Configuration()));
            assertTrue(refused.getMessage().startsWith("checkpoint " + dir + " is in use by another Spindle run (pid "),
                    refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"), "one line");

            try (Checkpoint reader = Checkpoint.openForReading(dir.toUri(), new Configuration())) {
                assertEquals("{}", reader.offsets().get(0).orElseThrow().planJson());
            }
            a.commits().add(new BatchCommit(0, 1, 0, new java.util.TreeMap<>(), Map.of()));
        }
        try (Checkpoint b = Checkpoint.open(dir.toUri(), new Configuration())) {
            BatchPlan followed = b.offsets().add(new BatchPlan(0, 1, "{\"other\":1}"));
            assertEquals("{}", followed.planJson(), "B follows the entry A wrote");
            assertEquals(1, b.offsets().add(new BatchPlan(1, 1, "{}")).batch());
        }
        assertFalse(Files.list(dir.resolve("offsets")).anyMatch(p -> p.getFileName().toString().endsWith(".crc")),
                "no Hadoop .crc side files");
    }

    @Test
    void aFlippedByteOrATruncationIsFoundOnRead() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(dir.toUri(), new Configuration())) {
            checkpoint.offsets().add(new BatchPlan(0, 1, "{\"a\":1}"));
            checkpoint.offsets().add(new BatchPlan(1, 1, "{\"a\":2}"));
        }
        Path first = dir.resolve("offsets/0");
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(first, bytes);
        Path second = dir.resolve("offsets/1");
        byte[] whole = Files.readAllBytes(second);
        Files.write(second, java.util.Arrays.copyOf(whole, whole.length - 4));
        try (Checkpoint checkpoint = Checkpoint.openForReading(dir.toUri(), new Configuration())) {
            CorruptFileException flipped = assertThrows(CorruptFileException.class, () -> checkpoint.offsets().get(0));
            assertEquals("offsets/0: checksum mismatch", flipped.getMessage());
            CorruptFileException truncated = assertThrows(CorruptFileException.class, () -> checkpoint.offsets().get(1));
            assertTrue(truncated.getMessage().startsWith("offsets/1: truncated: "), truncated.getMessage());
        }
    }
}
