package dev.spindle.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.ExitCode;
import dev.spindle.client.SpindleCli;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.CliProcess;
import dev.spindle.testkit.ClickstreamEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spindle run --local} with its embedded Kafka broker, stopped by a signal: it says STOPPED,
 * exits 130 (SIGINT) when it had not reached its end and 0 for a processing-time run, and leaves
 * nothing in the temporary directory — also when the signal comes while the broker starts.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class LocalRunSignalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anAvailableNowRunStoppedByCtrlCSaysStoppedExits130AndLeavesNoTemporaryFiles() throws Exception {
        Process run = startSlowRun("available-now");
        signalOnceBatchesRun(run, "INT");
        JsonNode summary = finish(run, ExitCode.INTERRUPTED);
        assertEquals("STOPPED", summary.get("status").asText());
        assertTrue(summary.get("batches").asLong() >= 2, summary.toString());
        assertTrue(Files.readString(dir.resolve("run.err")).contains(
                "spindle run: stopped by SIGINT before the end of its available-now run"));
        assertNothingLeftIn(dir.resolve("tmp"));
    }

    @Test
    void aProcessingTimeRunStoppedBySigtermSaysStoppedExitsZeroAndLeavesNoTemporaryFiles() throws Exception {
        Process run = startSlowRun("processing-time=10ms");
        signalOnceBatchesRun(run, "TERM");
        JsonNode summary = finish(run, ExitCode.OK);
        assertEquals("STOPPED", summary.get("status").asText());
        assertNothingLeftIn(dir.resolve("tmp"));
    }

    @Test
    void aRunInterruptedWhileItStartsOrLoadsItsInputStopsAndLeavesNoTemporaryFiles() throws Exception {
        Process run = startSlowRun("available-now", 300_000);
        Path err = dir.resolve("run.err");
        Await.until(Duration.ofSeconds(120), "the embedded broker",
                () -> Files.exists(err) && Files.readString(err).contains("embedded Kafka broker at"));
        new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).inheritIO().start().waitFor();
        JsonNode summary = finish(run, ExitCode.INTERRUPTED);
        assertEquals("STOPPED", summary.get("status").asText());
        assertEquals(0, summary.get("batches").asLong(), summary.toString());
        assertNothingLeftIn(dir.resolve("tmp"));
    }

    private Process startSlowRun(String trigger) throws IOException {
        return startSlowRun(trigger, 3_000);
    }

    /** A run of {@code events} events at 50 per batch, with its own temporary directory. */
    private Process startSlowRun(String trigger, int events) throws IOException {
        Path input = dir.resolve("events.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(3), events), StandardCharsets.UTF_8);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        return CliProcess.start(SpindleCli.class.getName(), List.of("run", "--local", "--job", "clickstream", "--input", input.toString(),
                "--output", dir.resolve("out").toString(), "--checkpoint", dir.resolve("checkpoint").toString(),
                "--trigger", trigger, "--conf", "spindle.source.max-records-per-batch=50"), null, dir.resolve("run.err"),
                false, List.of("-Djava.io.tmpdir=" + tmp));
    }

    private void signalOnceBatchesRun(Process run, String signal) throws Exception {
        Path err = dir.resolve("run.err");
        Await.until(Duration.ofSeconds(120), "the run's second batch",
                () -> Files.exists(err) && Files.readString(err).contains("batch 1: "));
        new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).inheritIO().start().waitFor();
    }

    private JsonNode finish(Process run, int expectedCode) throws Exception {
        String stdout = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the run ended");
        String stderr = Files.readString(dir.resolve("run.err"));
        assertEquals(expectedCode, run.exitValue(), stderr);
        List<String> lines = stdout.lines().toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private static void assertNothingLeftIn(Path tmp) throws IOException {
        try (Stream<Path> left = Files.list(tmp)) {
            List<String> names = left.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("spindle-")).toList();
            assertEquals(List.of(), names, "Spindle's temporary directories are removed");
        }
    }
}
