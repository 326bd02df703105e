package dev.spindle.state.shuffle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shuffle files: each partition reads back exactly its records in the order written; a damaged
 * block fails only the partition that reads it; a damaged footer, a wrong length or a reference to
 * another file fails every read; a file is never overwritten.
 */
class ShuffleFileTest {
    @TempDir
    Path dir;

    record Entry(byte[] key, byte[] value) {}

    @Test
    void everyPartitionReadsBackItsRecordsInOrder() throws Exception {
        CheckpointFs fs = CheckpointFs.open(dir.toUri(), new Configuration());
        Random random = new Random(7);
        int partitions = 6;
        List<List<Entry>> sent = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            sent.add(new ArrayList<>());
        }
        ShuffleWriter writer = new ShuffleWriter(partitions);
        for (int i = 0; i < 5_000; i++) {
            int partition = random.nextInt(partitions - 1); // the last partition gets nothing
            byte[] key = new byte[random.nextInt(20)];
            byte[] value = new byte[random.nextInt(i % 100 == 0 ? 70_000 : 300)]; // varints of 1 to 3 bytes
            random.nextBytes(key);
            random.nextBytes(value);
            writer.add(partition, key, value);
            sent.get(partition).add(new Entry(key, value));
        }
        Files.createDirectories(dir.resolve("shuffle/3/s0-p1"));
        FileRef file = writer.write(fs, "shuffle/3/s0-p1/1-0.data");
        assertEquals(Files.size(dir.resolve(file.path())), file.length());
        for (int p = 0; p < partitions; p++) {
            List<Entry> read = new ArrayList<>();
            int count = ShuffleReader.read(fs, file, p, (key, value) -> read.add(new Entry(key, value)));
            assertEquals(sent.get(p).size(), count);
            for (int i = 0; i < count; i++) {
                assertArrayEquals(sent.get(p).get(i).key(), read.get(i).key());
                assertArrayEquals(sent.get(p).get(i).value(), read.get(i).value());
            }
        }
        assertThrows(FileAlreadyExistsException.class, () -> new ShuffleWriter(1).write(fs, file.path()));
    }

    @Test
    void damageFailsTheReadsItTouchesWithTheFileNamed() throws Exception {
        CheckpointFs fs = CheckpointFs.open(dir.toUri(), new Configuration());
        ShuffleWriter writer = new ShuffleWriter(3);
        writer.add(0, new byte[] {1}, "first block".getBytes());
        writer.add(1, new byte[] {2}, "second block".getBytes());
        writer.add(2, new byte[] {3}, "third block".getBytes());
        FileRef file = writer.write(fs, "a.data");
        FileRef other = new ShuffleWriter(3).write(fs, "b.data");

        flip(dir.resolve("a.data"), 4 + 14 + 5); // inside block 1 (block 0 is 1 + 1 + 1 + 11 bytes)
        assertEquals(1, ShuffleReader.read(fs, file, 0, (k, v) -> { }));
        CorruptFileException block = assertThrows(CorruptFileException.class,
                () -> ShuffleReader.read(fs, file, 1, (k, v) -> { }));
        assertEquals("a.data: block of partition 1: checksum mismatch", block.getMessage());

        assertTrue(assertThrows(CorruptFileException.class, () -> ShuffleReader.read(fs,
                new FileRef("b.data", other.length(), file.crc32c()), 0, (k, v) -> { })).getMessage()
                .contains("footer checksum mismatch"), "a reference to another attempt's file is refused");
        assertTrue(assertThrows(CorruptFileException.class, () -> ShuffleReader.read(fs,
                new FileRef("a.data", file.length() + 1, file.crc32c()), 0, (k, v) -> { })).getMessage()
                .contains("bytes, the reference says"));
        flip(dir.resolve("a.data"), file.length() - 10); // inside the footer
        assertThrows(CorruptFileException.class, () -> ShuffleReader.read(fs, file, 0, (k, v) -> { }));
        Files.delete(dir.resolve("a.data"));
        assertEquals("a.data: missing", assertThrows(CorruptFileException.class,
                () -> ShuffleReader.read(fs, file, 0, (k, v) -> { })).getMessage());
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(at);
            int b = raw.read();
            raw.seek(at);
            raw.write(b ^ 0x40);
        }
    }
}
