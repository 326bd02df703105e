package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.CliProcess;
import dev.spindle.testkit.ClickstreamEvents;
import dev.spindle.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spindle run --local} against an external Kafka broker, as a real child process: killed
 * with SIGKILL at named points of the protocol and started again on the same checkpoint, it
 * writes exactly the output of one uninterrupted run; a run with no new input writes nothing; a
 * second run on a checkpoint a live run holds is refused at once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class LocalRunRestartTest {
    private static final String TOPIC = "clicks";
    private static final String SPARSE_TOPIC = "sparse-clicks";
    private static final int EVENTS = 4_000;
    private static Path dir;
    private static KafkaBroker broker;
    private static List<String> uninterrupted;
    private static List<String> urlTrends;

    @BeforeAll
    static void startBrokerAndLoad() throws Exception {
        dir = Files.createTempDirectory("spindle-restart-test-");
        broker = KafkaBroker.start(dir.resolve("kafka"), Map.of());
        broker.createTopic(TOPIC, 4);
        Path input = dir.resolve("events.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(17), EVENTS), StandardCharsets.UTF_8);
        InputLoader.load(input, Jobs.find("clickstream"), broker.bootstrapServers(), TOPIC, 4);
        broker.createTopic(SPARSE_TOPIC, 4); // 1,000 users: many sessions close while a run goes on
        Path sparse = dir.resolve("sparse-events.jsonl");
        Files.write(sparse, ClickstreamEvents.generate(new Random(19), EVENTS, 1_000), StandardCharsets.UTF_8);
        InputLoader.load(sparse, Jobs.find("sessions"), broker.bootstrapServers(), SPARSE_TOPIC, 4);
        StringBuilder users = new StringBuilder("user,country\n");
        for (int user = 0; user < 1_000; user += 2) { // half the users: the others' country is "--"
            users.append('u').append(user).append(',').append(new String[] {"de", "fr", "it"}[user % 3]).append('\n');
        }
        Files.writeString(dir.resolve("users.csv"), users.toString(), StandardCharsets.UTF_8);
        Run reference = run("reference", null);
        assertEquals(0, reference.exitCode(), reference.stderr());
        uninterrupted = outputLines("reference");
        assertTrue(uninterrupted.size() > 100, "the reference run wrote rows: " + uninterrupted.size());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        FileUtil.fullyDelete(dir.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.AFTER_PLAN + ":2", CrashPoints.AFTER_CHANGELOG + ":3",
        CrashPoints.AFTER_COMMIT + ":4", CrashPoints.MID_PUBLISH + ":5", CrashPoints.AFTER_PUBLISH + ":1"})
    void aRunKilledAtACrashPointAndStartedAgainWritesExactlyTheUninterruptedOutput(String crashPoint) throws Exception {
        String name = crashPoint.replace(':', '-');
        Run killed = run(name, crashPoint);
        assertEquals(137, killed.exitCode(), "SIGKILLed at " + crashPoint + ": " + killed.stderr());
        Run resumed = run(name, null);
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertEquals(uninterrupted, outputLines(name), "output after a kill at " + crashPoint);

        Run again = run(name, null);
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.summary().contains("\"batches\":0,\"records_in\":0,"), again.summary());
        assertEquals(uninterrupted, outputLines(name), "a run with no new input writes nothing");
    }

    /**
     * The url-trends job shuffles: killed where a stage-0 attempt wrote its shuffle file, where a
     * stage-1 attempt read its blocks, and with every stage reported but nothing committed, it
     * writes exactly its uninterrupted output when started again.
     */
    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.AFTER_SHUFFLE_WRITE + ":2", CrashPoints.AFTER_SHUFFLE_READ + ":3",
        CrashPoints.BEFORE_COMMIT + ":4"})
    void theUrlTrendsJobKilledInItsShuffleAndStartedAgainWritesExactlyItsUninterruptedOutput(String crashPoint)
            throws Exception {
        List<String> expected = urlTrendsUninterrupted();
        String name = "url-trends-" + crashPoint.replace(':', '-');
        Run killed = run(name, "url-trends", crashPoint);
        assertEquals(137, killed.exitCode(), killed.stderr());
        Run resumed = run(name, "url-trends", null);
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertEquals(expected, outputLines(name), "output after a kill at " + crashPoint);
    }

    private static synchronized List<String> urlTrendsUninterrupted() throws Exception {
        if (urlTrends == null) {
            Run whole = run("url-trends-reference", "url-trends", null);
            assertEquals(0, whole.exitCode(), whole.stderr());
            urlTrends = outputLines("url-trends-reference");
            long rows = urlTrends.stream().filter(line -> line.contains("top_country")).count();
            assertTrue(rows > 100, "url-trends rows written: " + rows);
            assertTrue(urlTrends.stream().anyMatch(line -> line.contains("\"top_country\":\"--\"")), "users not in the table");
        }
        return urlTrends;
    }

    /** The sessions job keeps sessions across batches: killed mid-run and started again, the same sessions. */
    @Test
    void theSessionsJobKilledAndStartedAgainWritesExactlyItsUninterruptedOutput() throws Exception {
        Run whole = run("sessions-reference", "sessions", null);
        assertEquals(0, whole.exitCode(), whole.stderr());
        List<String> expected = outputLines("sessions-reference");
        long sessions = expected.stream().filter(line -> line.contains("session_start")).count();
        assertTrue(sessions > 500, "sessions written: " + sessions);
        Run killed = run("sessions-killed", "sessions", CrashPoints.AFTER_CHANGELOG + ":4");
        assertEquals(137, killed.exitCode(), killed.stderr());
        Run resumed = run("sessions-killed", "sessions", null);
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertEquals(expected, outputLines("sessions-killed"));
    }

    @Test
    void aSecondRunOnACheckpointALiveRunHoldsIsRefusedAtOnce() throws Exception {
        Process holder = start("concurrent", CrashPoints.AFTER_PLAN + ":1");
        try {
            awaitCrashPoint("concurrent");
            long begin = System.nanoTime();
            Run second = run("concurrent", null);
            assertEquals(ExitCode.REFUSED, second.exitCode());
            assertTrue((System.nanoTime() - begin) / 1e9 < 30, "refused at once");
            List<String> errors = second.stderr().lines().filter(l -> l.startsWith("spindle run: checkpoint")).toList();
            assertEquals(1, errors.size(), second.stderr());
            assertTrue(errors.get(0).contains("is in use by another Spindle run"), errors.get(0));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    record Run(int exitCode, String stdout, String stderr) {
        String summary() {
            List<String> lines = stdout.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    /** Runs to the end, or, with a crash point armed, until it is reached and then SIGKILLs the process. */
    private static Run run(String name, String crashPoint) throws Exception {
        return run(name, "clickstream", crashPoint);
    }

    private static Run run(String name, String job, String crashPoint) throws Exception {
        Process process = start(name, job, crashPoint);
        if (crashPoint != null) {
            String stderr = awaitCrashPoint(name);
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
            return new Run(process.exitValue(), "", stderr);
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the run ended");
        return new Run(process.exitValue(), stdout, Files.readString(dir.resolve(name + ".err")));
    }

    private static Process start(String name, String crashPoint) throws IOException {
        return start(name, "clickstream", crashPoint);
    }

    private static Process start(String name, String job, String crashPoint) throws IOException {
        List<String> command = new ArrayList<>(List.of("run", "--local", "--job", job,
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", job.equals("clickstream") ? TOPIC : SPARSE_TOPIC,
                "--checkpoint", dir.resolve(name + "-checkpoint").toString(),
                "--output", dir.resolve(name + "-output").toString(), "--trigger", "available-now",
                "--conf", "spindle.source.max-records-per-batch=500", "--conf", "spindle.state.snapshot-every-batches=3"));
        if (job.equals("url-trends")) { // 3 tasks after the shuffle, 4 before
            command.addAll(List.of("--conf", "spindle.job.users-table=" + dir.resolve("users.csv").toUri(),
                    "--conf", "spindle.job.shuffle-partitions=3"));
        }
        return CliProcess.start(SpindleCli.class.getName(), command, crashPoint, dir.resolve(name + ".err"), false);
    }

    private static String awaitCrashPoint(String name) throws IOException {
        Path err = dir.resolve(name + ".err");
        Await.until(Duration.ofSeconds(120), "the crash point of " + name,
                () -> Files.exists(err) && Files.readString(err).contains("SPINDLE-CRASH-POINT"));
        return Files.readString(err);
    }

    /** Every line of every output file (rows and dead letters), sorted by file name then line. */
    private static List<String> outputLines(String name) throws IOException {
        List<String> lines = new ArrayList<>();
        Path output = dir.resolve(name + "-output");
        for (Path folder : List.of(output, output.resolve("_dlq"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String relative = output.relativize(file).toString();
                    Files.readAllLines(file).forEach(line -> lines.add(relative + " " + line));
                }
            }
        }
        return lines;
    }
}
