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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kafka sink ({@code --output kafka:TOPIC}) in local mode, as a real child process killed with
 * SIGKILL at the sink's crash points and started again: a {@code read_committed} consumer of the
 * output topics sees exactly the rows and dead letters of an uninterrupted file-output run, each
 * once — also when the restart comes after the broker has timed the open transaction out.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class KafkaSinkTest {
    private static final String TOPIC = "clicks";
    private static final int EVENTS = 3_000;
    private static Path dir;
    private static KafkaBroker broker;
    private static List<String> rows;
    private static List<String> deadLetters;

    @BeforeAll
    static void startBrokerAndRunReference() throws Exception {
        dir = Files.createTempDirectory("spindle-kafka-sink-test-");
        // Time out abandoned transactions within a second or two, so the long-failover case is quick.
        broker = KafkaBroker.start(dir.resolve("kafka"),
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
        broker.createTopic(TOPIC, 4);
        Path input = dir.resolve("events.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(29), EVENTS), StandardCharsets.UTF_8);
        InputLoader.load(input, Jobs.find("clickstream"), broker.bootstrapServers(), TOPIC, 4);
        Process reference = start("reference", dir.resolve("reference-output").toString(), null, List.of());
        assertEquals(0, finish(reference), Files.readString(dir.resolve("reference.err")));
        rows = sorted(lines(dir.resolve("reference-output"), false));
        deadLetters = sorted(lines(dir.resolve("reference-output"), true));
        assertTrue(rows.size() > 100 && !deadLetters.isEmpty(), "the reference wrote rows and dead letters");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        FileUtil.fullyDelete(dir.toFile());
    }

    @Test
    void everyRowReachesKafkaOnceAndARunWithoutNewInputAddsNothing() throws Exception {
        String name = "plain";
        createOutputTopics(name);
        assertEquals(0, finish(start(name, "kafka:" + name, null, List.of())), stderr(name));
        assertEquals(rows, committed(name));
        assertEquals(deadLetters, committed(name + "-dlq"));
        assertEquals(0, finish(start(name, "kafka:" + name, null, List.of())), stderr(name));
        assertEquals(rows, committed(name), "a second run with no new input sent nothing");

        // Another checkpoint with the same transactional-id prefix would read this one's confirmations.
        Process other = start(name + "-other", "kafka:" + name, null,
                List.of("--conf", "spindle.sink.kafka.transactional-id-prefix=test-" + name));
        assertEquals(1, finish(other));
        assertTrue(stderr(name + "-other").contains("the Kafka confirmation group test-plain-sink belongs to checkpoint"),
                stderr(name + "-other"));
        assertEquals(rows, committed(name), "and it sent nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.AFTER_KAFKA_SEND + ":2", CrashPoints.AFTER_KAFKA_COMMIT + ":3",
        CrashPoints.AFTER_COMMIT + ":4"})
    void aRunKilledAtAKafkaCrashPointAndStartedAgainSendsEveryRowOnce(String crashPoint) throws Exception {
        String name = "killed-" + crashPoint.replace(':', '-');
        createOutputTopics(name);
        killAt(name, crashPoint, List.of());
        assertEquals(0, finish(start(name, "kafka:" + name, null, List.of())), stderr(name));
        assertEquals(rows, committed(name), "rows after a kill at " + crashPoint);
        assertEquals(deadLetters, committed(name + "-dlq"), "dead letters after a kill at " + crashPoint);
    }

    /**
     * url-trends shuffles: its dead letters come from the tasks that read the input, its rows from
     * the tasks after the shuffle, each confirmed in its own group. Killed while it publishes, and
     * after a task's transaction committed, it still sends every row and dead letter once.
     */
    @Test
    void aJobWithAShuffleKilledWhileItPublishesSendsEveryRowOnce() throws Exception {
        Path users = Files.writeString(dir.resolve("users.csv"), "user,country\nu1,de\nu2,fr\n");
        List<String> job = List.of("--job", "url-trends", "--conf", "spindle.job.users-table=" + users,
                "--conf", "spindle.job.shuffle-partitions=3");
        assertEquals(0, finish(start("url-trends-reference", dir.resolve("url-trends-output").toString(), null, job)),
                stderr("url-trends-reference"));
        List<String> expectedRows = sorted(lines(dir.resolve("url-trends-output"), false));
        assertTrue(expectedRows.size() > 100, "rows: " + expectedRows.size());
        String name = "url-trends-killed";
        createOutputTopics(name);
        killAt(name, CrashPoints.AFTER_KAFKA_SEND + ":2", job);
        killAt(name, CrashPoints.AFTER_KAFKA_COMMIT + ":4", job);
        assertEquals(0, finish(start(name, "kafka:" + name, null, job)), stderr(name));
        assertEquals(expectedRows, committed(name));
        assertEquals(sorted(lines(dir.resolve("url-trends-output"), true)), committed(name + "-dlq"));
    }

    /** The restarted run comes after the broker aborted the open transaction of the killed one. */
    @Test
    void aFailoverLongerThanTheTransactionTimeoutLosesAndDuplicatesNothing() throws Exception {
        String name = "timed-out";
        createOutputTopics(name);
        List<String> timeout = List.of("--conf", "spindle.sink.kafka.transaction-timeout=2s");
        killAt(name, CrashPoints.AFTER_KAFKA_SEND + ":2", timeout);
        List<String> transactionalIds = List.of("s0-p0", "s0-p1", "s0-p2", "s0-p3").stream()
                .map(task -> "test-" + name + "-" + task).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Await.until(Duration.ofSeconds(60), "the broker to abort the killed run's open transaction", () -> {
                Map<String, TransactionState> states = new java.util.HashMap<>();
                for (String id : transactionalIds) {
                    try {
                        states.put(id, admin.describeTransactions(List.of(id)).description(id).get().state());
                    } catch (java.util.concurrent.ExecutionException e) {
                        // a task that has not sent anything yet has no transactional state
                    }
                }
                return states.containsValue(TransactionState.COMPLETE_ABORT) && states.values().stream().noneMatch(
                        state -> state == TransactionState.ONGOING || state == TransactionState.PREPARE_ABORT);
            });
        }
        assertEquals(0, finish(start(name, "kafka:" + name, null, timeout)), stderr(name));
        assertEquals(rows, committed(name));
        assertEquals(deadLetters, committed(name + "-dlq"));
    }

    @Test
    void aMissingOutputTopicOrATooLongTransactionTimeoutFailsWithOneLine() throws Exception {
        assertOneLineError("kafka:no-such-topic", List.of(), "output topic [no-such-topic, no-such-topic-dlq] does not exist");
        createOutputTopics("long-timeout");
        assertOneLineError("kafka:long-timeout", List.of("--conf", "spindle.sink.kafka.transaction-timeout=1h"),
                "spindle.sink.kafka.transaction-timeout is 3600000 ms, above the broker's transaction.max.timeout.ms");
    }

    private static void assertOneLineError(String output, List<String> extra, String expected) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--local", "--job", "clickstream", "--bootstrap-servers",
                broker.bootstrapServers(), "--topic", TOPIC, "--checkpoint", dir.resolve("bad-" + output.hashCode()).toString(),
                "--output", output, "--trigger", "available-now"));
        args.addAll(extra);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SpindleCli.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.USAGE, exit);
        List<String> errors = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("spindle run: "))
                .filter(l -> !l.contains("embedded Kafka")).toList();
        assertEquals(1, errors.size(), err.toString(StandardCharsets.UTF_8));
        assertTrue(errors.get(0).contains(expected), errors.get(0));
    }

    private static void createOutputTopics(String name) throws Exception {
        broker.createTopic(name, 3);
        broker.createTopic(name + "-dlq", 1);
    }

    private static void killAt(String name, String crashPoint, List<String> extra) throws Exception {
        Process process = start(name, "kafka:" + name, crashPoint, extra);
        Await.until(Duration.ofSeconds(120), "the crash point of " + name,
                () -> stderr(name).contains("SPINDLE-CRASH-POINT"));
        process.destroyForcibly().waitFor(); // SIGKILL
    }

    private static Process start(String name, String output, String crashPoint, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--local",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", TOPIC,
                "--checkpoint", dir.resolve(name + "-checkpoint").toString(), "--output", output,
                "--trigger", "available-now", "--conf", "spindle.source.max-records-per-batch=500",
                "--conf", "spindle.sink.kafka.transactional-id-prefix=test-" + name));
        if (!extra.contains("--job")) {
            args.addAll(List.of("--job", "clickstream"));
        }
        args.addAll(extra);
        return CliProcess.start(SpindleCli.class.getName(), args, crashPoint, dir.resolve(name + ".err"), true);
    }

    private static int finish(Process process) throws InterruptedException {
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the run ended");
        return process.exitValue();
    }

    private static String stderr(String name) throws IOException {
        Path err = dir.resolve(name + ".err");
        return Files.exists(err) ? Files.readString(err) : "";
    }

    private static List<String> committed(String topic) {
        return CommittedRecords.values(broker.bootstrapServers(), topic);
    }

    private static List<String> lines(Path output, boolean deadLetterFolder) throws IOException {
        Path folder = deadLetterFolder ? output.resolve("_dlq") : output;
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    private static List<String> sorted(List<String> values) {
        return CommittedRecords.sorted(values);
    }
}
