package dev.spindle.runtime.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.TaskCommit;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sink's publish moves only bytes that match the commit. */
class PublisherTest {
    @TempDir
    Path dir;

    @Test
    void aStagedFileDamagedAfterTheCommitIsNotRenamed() throws Exception {
        OutputLocation output = OutputLocation.under(dir.resolve("output").toUri());
        Configuration conf = new Configuration();
        try (Checkpoint checkpoint = Checkpoint.open(dir.resolve("checkpoint").toUri(), conf)) {
            List<OutputFile> files = StagedOutput.stage(checkpoint.fs(), output, 0, "s0-p0", "1-0",
                    List.of("{\"row\":1}", "{\"row\":2}"), List.of());
            Path staged = dir.resolve("checkpoint").resolve(files.get(0).staged());
            try (RandomAccessFile file = new RandomAccessFile(staged.toFile(), "rw")) {
                file.seek(9);
                file.write('7'); // same length, another row
            }
            BatchCommit commit = new BatchCommit(0, 1, 0, new TreeMap<>(Map.of("s0-p0",
                    new TaskCommit("1-0", null, null, files, Map.of()))), Map.of());
            Publisher publisher = new Publisher(checkpoint, new FileSink(checkpoint, conf));
            IOException e = assertThrows(IOException.class, () -> publisher.publish(commit));
            assertTrue(e.getMessage().startsWith("staged output " + files.get(0).staged() + " does not match its commit"
                    + " (20 bytes with CRC32C "), e.getMessage());
            assertFalse(Files.exists(dir.resolve("output").resolve("part-00000000-s0-p0.jsonl")));
            assertEquals(List.of(), listOutput());
            assertFalse(publisher.isPublished(0));
        }
    }

    private List<String> listOutput() throws IOException {
        Path out = dir.resolve("output");
        if (!Files.exists(out)) {
            return List.of();
        }
        try (var files = Files.list(out)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }
}
