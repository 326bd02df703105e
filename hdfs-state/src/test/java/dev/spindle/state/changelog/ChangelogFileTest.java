package dev.spindle.state.changelog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.testing.KeyValueModel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change set written as a changelog reads back entry for entry; a forged file is refused. */
class ChangelogFileTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenChangelogReadsBackInTheOrderTheChangesWereAdded() throws Exception {
        CheckpointFs fs = CheckpointFs.open(dir.toUri(), new Configuration());
        List<StateChange> changes = KeyValueModel.randomChanges(new Random(7), 10_000, 3_000, 40, 0.2);
        ChangeSet written = ChangeSet.of(changes);
        FileRef ref = ChangelogWriter.write(fs, "changelog-a", written);

        byte[] file = Files.readAllBytes(dir.resolve("changelog-a"));
        assertEquals(file.length, ref.length());
        assertEquals(Crc32c.of(file), ref.crc32c());
        ChangeSet read = ChangelogReader.read(fs, ref);
        assertEquals(changes.size(), read.size());
        List<StateChange> back = read.toList();
        for (int i = 0; i < changes.size(); i++) {
            assertArrayEquals(changes.get(i).key(), back.get(i).key(), "key " + i);
            assertArrayEquals(changes.get(i).value(), back.get(i).value(), "value " + i);
        }
        assertThrows(IllegalStateException.class, () -> read.delete(new byte[] {1}), "read changes are final");
    }

    @Test
    void aPutOfALongIsThePutOfItsEightBytesBigEndian() {
        ChangeSet ofLong = new ChangeSet();
        ofLong.put(new byte[] {1, 2}, -2L);
        ofLong.put(new byte[] {3}, 0x0102030405060708L);
        ChangeSet ofBytes = new ChangeSet();
        ofBytes.put(new byte[] {1, 2}, ByteBuffer.allocate(8).putLong(-2L).array());
        ofBytes.put(new byte[] {3}, ByteBuffer.allocate(8).putLong(0x0102030405060708L).array());
        assertEquals(ofBytes.size(), ofLong.size());
        for (int i = 0; i < ofBytes.size(); i++) {
            assertArrayEquals(ofBytes.toList().get(i).key(), ofLong.toList().get(i).key());
            assertArrayEquals(ofBytes.toList().get(i).value(), ofLong.toList().get(i).value());
        }
    }

    @Test
    void anEntryLongerThanTheFileIsRefusedEvenWithValidChecksums() throws Exception {
        CheckpointFs fs = CheckpointFs.open(dir.toUri(), new Configuration());
        ChangeSet changes = new ChangeSet();
        changes.put(new byte[] {1, 2}, new byte[] {3});
        changes.delete(new byte[] {4});
        ChangelogWriter.write(fs, "good", changes);
        byte[] file = Files.readAllBytes(dir.resolve("good"));
        int firstKeyLength = ChangelogFormat.HEADER.length + 1;
        ByteBuffer.wrap(file).putInt(firstKeyLength, 1_000); // forged, then both checksums recomputed
        int trailer = file.length - ChangelogFormat.TRAILER_LENGTH;
        ByteBuffer.wrap(file).putInt(trailer + 9, (int) Crc32c.of(file, 0, trailer));
        Files.write(dir.resolve("forged"), file);

        CorruptFileException refused = assertThrows(CorruptFileException.class,
                () -> ChangelogReader.read(fs, new FileRef("forged", file.length, Crc32c.of(file))));
        assertTrue(refused.getMessage().contains("malformed entries"), refused.getMessage());
    }
}
