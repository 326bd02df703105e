package dev.spindle.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** {@code --input} against a real broker: every line is confirmed, or the load fails naming the line. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class InputLoaderTest {
    private static final JobFactory UNKEYED = new JobFactory() {
        @Override
        public String name() {
            return "unkeyed";
        }

        @Override
        public StreamJob create() {
            throw new UnsupportedOperationException();
        }
    };

    private static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("spindle-input-loader-test-");
        broker = KafkaBroker.start(dir.resolve("kafka"), Map.of());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        FileUtil.fullyDelete(dir.toFile());
    }

    @Test
    void aLineTheProducerRefusesFailsTheLoadWithItsLineNumberAndReason() throws Exception {
        broker.createTopic("too-large", 2);
        Path file = dir.resolve("too-large.jsonl");
        Files.writeString(file, "first\n" + "x".repeat(2 * 1024 * 1024) + "\nlast\n", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class,
                () -> InputLoader.load(file, UNKEYED, broker.bootstrapServers(), "too-large", 2));
        assertTrue(e.getMessage().startsWith("line 2 of " + file + " was not loaded into 'too-large': "), e.getMessage());
        assertTrue(e.getMessage().contains("max.request.size"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; nothing was processed"), e.getMessage());
    }

    @Test
    void everyLineIsLoadedAndCounted() throws Exception {
        broker.createTopic("lines", 3);
        Path file = dir.resolve("lines.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertEquals(1000, InputLoader.load(file, UNKEYED, broker.bootstrapServers(), "lines", 3));
        try (KafkaPartitionSource source = new KafkaPartitionSource(broker.bootstrapServers(), "lines")) {
            assertEquals(Map.of(0, 334L, 1, 333L, 2, 333L), source.endOffsets());
        }
    }
}
