package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/**
 * What scripts rely on in {@code spindle run --local}: bad input ends in one line naming the
 * problem and exit code 2 before anything starts; a run stopped by a signal says STOPPED, exits
 * 130 (SIGINT) when it had not reached its end and 0 for a processing-time run, and leaves nothing
 * in the temporary directory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class CommandLineContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result spindle(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SpindleCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8).trim());
    }

    private Result runLocal(String input, String output, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--local", "--job", "clickstream", "--input", input,
                "--output", output, "--checkpoint", dir.resolve("checkpoint").toString(), "--trigger", "available-now"));
        args.addAll(List.of(more));
        return spindle(args.toArray(String[]::new));
    }

    private static void assertOneLine(Result result, int code, String expected) {
        assertEquals(code, result.code(), result.err());
        assertEquals(expected, result.err());
    }

    @Test
    void badInputFailsWithOneLineNamingThePathBeforeAnythingStarts() throws Exception {
        Path input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        String output = dir.resolve("out").toString();
        long begin = System.nanoTime();
        assertOneLine(runLocal(dir.resolve("missing.jsonl").toString(), output), ExitCode.USAGE,
                "spindle run: input file " + dir.resolve("missing.jsonl") + " does not exist");
        assertOneLine(runLocal(dir.toString(), output), ExitCode.USAGE,
                "spindle run: input " + dir + " is a directory, not a file");
        assertTrue((System.nanoTime() - begin) / 1e9 < 5, "refused before any broker started");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLine(runLocal(input.toString(), file.toString()), ExitCode.USAGE,
                "spindle run: output directory " + file + " is a file, not a directory");
        Result underFile = runLocal(input.toString(), file.resolve("out").toString());
        assertEquals(ExitCode.USAGE, underFile.code());
        assertTrue(underFile.err().startsWith("spindle run: cannot create output directory " + file.resolve("out") + ": "),
                underFile.err());
        assertTrue(!underFile.err().contains("\n"), underFile.err());
    }

    @Test
    void unknownSettingsAndValuesTooLargeForTheirTypeAreRefusedWithOneLine() throws Exception {
        Path input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        String output = dir.resolve("out").toString();
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.source.max-record-per-batch=100"),
                ExitCode.USAGE, "spindle run: unknown setting 'spindle.source.max-record-per-batch' (given with --conf);"
                        + " the closest known key is spindle.source.max-records-per-batch (all are in"
                        + " docs/configuration.md)");
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.job.users-table=/tmp/users.csv"),
                ExitCode.USAGE, "spindle run: unknown setting 'spindle.job.users-table' (given with --conf); job"
                        + " clickstream takes no spindle.job.* setting");
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.checkpoint.gc-grace=99999999999999999h"),
                ExitCode.USAGE, "spindle run: spindle.checkpoint.gc-grace: '99999999999999999h' is too large (at most"
                        + " 2562047788015h)");
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.executors=99999999999"), ExitCode.USAGE,
                "spindle run: spindle.executors: '99999999999' is too large (at most 2147483647)");
        assertOneLine(spindle("run", "--local", "--job", "clickstream", "--output", output, "--checkpoint",
                dir.resolve("c").toString(), "--trigger", "processing-time=99999999999999999h"), ExitCode.USAGE,
                "spindle run: trigger: '99999999999999999h' is too large (at most 2562047788015h)");
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.zookeeper.session-timeout=30d"),
                ExitCode.USAGE, "spindle run: spindle.zookeeper.session-timeout: '30d' is not a duration (a whole"
                        + " number with ms, s, m, min or h, such as 500ms or 10min)");
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.zookeeper.session-timeout=1000h"),
                ExitCode.USAGE, "spindle run: spindle.zookeeper.session-timeout: 1000h must be between 1s and 596h");
    }

    @Test
    void aJobsOwnSettingsAreCheckedByKindWithOneLine() throws Exception {
        Path input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        Path users = Files.writeString(dir.resolve("users.csv"), "user,country\n");
        String output = dir.resolve("out").toString();
        List<String> urlTrends = List.of("run", "--local", "--job", "url-trends", "--input", input.toString(), "--output",
                output, "--checkpoint", dir.resolve("checkpoint").toString(), "--trigger", "available-now");
        assertOneLine(spindle(urlTrends.toArray(String[]::new)), ExitCode.USAGE, "spindle run: job url-trends needs --conf"
                + " spindle.job.users-table=PATH (the file of the table it joins: hdfs://..., file:///..., or a path on"
                + " fs.defaultFS)");
        List<String> zero = new ArrayList<>(urlTrends);
        zero.addAll(List.of("--conf", "spindle.job.users-table=" + users, "--conf", "spindle.job.shuffle-partitions=0"));
        assertOneLine(spindle(zero.toArray(String[]::new)), ExitCode.USAGE,
                "spindle run: spindle.job.shuffle-partitions must be a whole number from 1 to 10000, got '0'");
        assertOneLine(runLocal(input.toString(), output, "--conf", "spindle.job.shuffle-partitions=3"), ExitCode.USAGE,
                "spindle run: unknown setting 'spindle.job.shuffle-partitions' (given with --conf); job clickstream"
                        + " takes no spindle.job.* setting");
    }

    @Test
    void helpPrintsTheExitCodes() {
        Result help = spindle("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("exit codes:\n  0 "), help.out());
        assertTrue(help.out().contains("  130  a run stopped by SIGINT"), help.out());
    }

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
        return CliProcess.start(List.of("run", "--local", "--job", "clickstream", "--input", input.toString(),
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
