package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What scripts rely on in {@code spindle run --local}: bad input ends in one line naming the
 * problem and exit code 2 before anything starts. (How a run ends on a signal:
 * spindle-embedded's LocalRunSignalsTest, as it needs the embedded broker.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class CommandLineContractTest {
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
    void localModeWithNoBrokerAndNoEmbeddedStackSaysSoInOneLine() throws Exception {
        Path input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        assertOneLine(runLocal(input.toString(), dir.resolve("out").toString()), ExitCode.USAGE,
                "spindle run: no --bootstrap-servers, and no embedded Kafka broker to start here: give the brokers with"
                        + " --bootstrap-servers, or run it with the spindle-embedded module (sbin/spindle run in a source"
                        + " build)");
    }

    @Test
    void helpPrintsTheExitCodes() {
        Result help = spindle("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("exit codes:\n  0 "), help.out());
        assertTrue(help.out().contains("  130  a run stopped by SIGINT"), help.out());
    }
}
