package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.api.Trigger;
import dev.spindle.appmaster.ExecutorLaunch;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.testing.CheckpointFiles;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.ClickstreamEvents;
import dev.spindle.testkit.ContainerProcess;
import dev.spindle.testkit.HeadlessChromium;
import dev.spindle.testkit.PrometheusText;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clickstream as its users run it: submitted to a real YARN (containers are processes), coordinated
 * through a real ZooKeeper, reading a real Kafka broker and checkpointing to HDFS. Whatever is
 * killed and wherever, the rows and dead letters are exactly those of one local-mode run.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class YarnJobTest {
    private static final String TOPIC = "clicks";
    private static final String SPARSE_TOPIC = "sparse-clicks";
    private static final int EVENTS = 3_000;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    @RegisterExtension
    static final SpindleClusterExtension CLUSTER = new SpindleClusterExtension(
            SpindleTestCluster.builder().nodeManagers(2));

    private static Path dir;
    private static List<String> localRun;
    private static final Map<String, List<String>> localRuns = new ConcurrentHashMap<>();
    private static final String USERS_TABLE = "/tables/users.csv";
    private static final String LIB_CACHE = "/apps/spindle/lib";

    @BeforeAll
    static void loadInputAndRunLocally() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        dir = Files.createTempDirectory("spindle-yarn-test-");
        Path input = dir.resolve("events.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(23), EVENTS), StandardCharsets.UTF_8);
        cluster.createTopic(TOPIC, 4);
        InputLoader.load(input, Jobs.find("clickstream"), cluster.kafkaBootstrapServers(), TOPIC, 4);
        Path sparse = dir.resolve("sparse-events.jsonl"); // 1,000 users: many sessions close during a run
        Files.write(sparse, ClickstreamEvents.generate(new Random(29), EVENTS, 1_000), StandardCharsets.UTF_8);
        cluster.createTopic(SPARSE_TOPIC, 4);
        InputLoader.load(sparse, Jobs.find("sessions"), cluster.kafkaBootstrapServers(), SPARSE_TOPIC, 4);
        StringBuilder users = new StringBuilder("user,country\n");
        for (int user = 0; user < 1_000; user += 2) { // half the users: the others' country is "--"
            users.append('u').append(user).append(',').append(new String[] {"de", "fr", "it"}[user % 3]).append('\n');
        }
        try (var out = cluster.fileSystem().create(new org.apache.hadoop.fs.Path(USERS_TABLE))) {
            out.write(users.toString().getBytes(StandardCharsets.UTF_8));
        }

        localRun = runLocally("clickstream", TOPIC);
        assertTrue(localRun.size() > 100, "the local run wrote rows: " + localRun.size());
        assertTrue(localRun.stream().anyMatch(line -> line.startsWith("_dlq/")), "and dead letters");
    }

    /** A local-mode run of {@code job} over {@code topic}, at the rate limit of the YARN runs: its output. */
    private static List<String> runLocally(String job, String topic) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<String> command = new ArrayList<>(List.of("run", "--local", "--job", job,
            "--bootstrap-servers", CLUSTER.cluster().kafkaBootstrapServers(), "--topic", topic,
            "--checkpoint", dir.resolve("local-checkpoint-" + job).toString(),
            "--output", dir.resolve("local-output-" + job).toString(),
            "--trigger", "available-now", "--conf", "spindle.source.max-records-per-batch=" + 400));
        jobSettings(job).forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
        int exit = SpindleCli.run(command.toArray(String[]::new),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));
        return JobOutputs.local(dir.resolve("local-output-" + job));
    }

    @AfterAll
    static void deleteFiles() {
        if (dir != null) {
            FileUtil.fullyDelete(dir.toFile());
        }
    }

    @Test
    void clickstreamOnYarnWritesExactlyTheRowsOfTheLocalRun() throws Exception {
        ApplicationId app = submit("plain", Map.of());
        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertTrue(report.getDiagnostics().contains("\"status\":\"SUCCEEDED\""), report.getDiagnostics());
        assertEquals(localRun, yarnOutput("plain"));

        // Spindle's jars came from the lib cache, readable by all; the staging directory held only the job's own files
        FileSystem fs = CLUSTER.cluster().fileSystem();
        FileStatus[] digests = fs.listStatus(new org.apache.hadoop.fs.Path(LIB_CACHE));
        assertEquals(1, digests.length, "one set of jars");
        FileStatus[] jars = fs.listStatus(digests[0].getPath());
        assertTrue(jars.length > 20 && Stream.of(jars).allMatch(jar -> jar.getPermission().toString().equals("rw-r--r--")),
                Stream.of(jars).map(jar -> jar.getPermission() + " " + jar.getPath().getName()).toList().toString());
    }

    /**
     * The AM hangs at the point, is SIGKILLed there, and YARN's second attempt finishes the job:
     * with a plan its executors may be running, with every report in but no commit, and halfway
     * through a publish that the new attempt rolls forward. The other driver points (after the
     * commit, after the publish) run the same driver code as local mode, whose restart test kills
     * a real process at each of them.
     */
    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.AFTER_PLAN + ":2", CrashPoints.BEFORE_COMMIT + ":2",
        CrashPoints.MID_PUBLISH + ":4"})
    void anApplicationMasterKilledAtACrashPointIsRestartedAndChangesNoRow(String crashPoint) throws Exception {
        String name = "am-" + crashPoint.replace(':', '-');
        ApplicationId app = submit(name, Map.of("spindle.test.crash-point", crashPoint));
        ContainerId hung = awaitCrashPoint(app);
        assertEquals(1, hung.getContainerId() & 0xffffffffL, "the AM container stopped at " + crashPoint);
        long killedAt = System.currentTimeMillis();
        CLUSTER.cluster().containerProcess(hung, Duration.ofSeconds(10)).kill();

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(2, report.getCurrentApplicationAttemptId().getAttemptId(), "a second attempt finished the job");
        assertEquals(localRun, yarnOutput(name), "output after the AM was killed at " + crashPoint);
        printRecovery("AM killed at " + crashPoint, name, killedAt);
    }

    /** An executor hangs at the point, is SIGKILLed there; its tasks re-run on a replacement. */
    @ParameterizedTest
    @ValueSource(strings = {CrashPoints.AFTER_CHANGELOG + ":2", CrashPoints.AFTER_REPORT + ":3"})
    void anExecutorKilledAtACrashPointIsReplacedAndChangesNoRow(String crashPoint) throws Exception {
        String name = "executor-" + crashPoint.replace(':', '-');
        ApplicationId app = submit(name, Map.of("spindle.test.crash-point", crashPoint));
        ContainerId hung = awaitCrashPoint(app);
        assertTrue((hung.getContainerId() & 0xffffffffL) > 1, "an executor container stopped at " + crashPoint);
        long killedAt = System.currentTimeMillis();
        CLUSTER.cluster().containerProcess(hung, Duration.ofSeconds(10)).kill();

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(1, report.getCurrentApplicationAttemptId().getAttemptId(), "the AM was not restarted");
        assertEquals(localRun, yarnOutput(name), "output after an executor was killed at " + crashPoint);
        printRecovery("executor killed at " + crashPoint, name, killedAt);
    }

    /**
     * The other reference jobs on YARN with an executor killed at a crash point: sessions (session
     * windows, merged across batches) after a changelog; url-trends (a shuffle) after a stage-0
     * attempt wrote its shuffle file, and after a stage-1 attempt read its blocks. Exactly the
     * rows and dead letters of the job's local run.
     */
    @ParameterizedTest(name = "{0} killed at {1}")
    @CsvSource({"sessions, " + CrashPoints.AFTER_CHANGELOG + ":2", "url-trends, " + CrashPoints.AFTER_SHUFFLE_WRITE + ":2",
        "url-trends, " + CrashPoints.AFTER_SHUFFLE_READ + ":3"})
    void referenceJobsOnYarnWithAnExecutorKilledWriteExactlyTheRowsOfTheirLocalRun(String job, String crashPoint)
            throws Exception {
        List<String> local = localRuns.computeIfAbsent(job, YarnJobTest::runLocallyUnchecked);
        String marker = job.equals("sessions") ? "session_start" : "top_country";
        long rows = local.stream().filter(line -> line.contains(marker)).count();
        assertTrue(rows > (job.equals("sessions") ? 500 : 200), "the local run wrote rows: " + rows);
        String name = job + "-executor-killed-" + crashPoint.replace(':', '-');
        Map<String, String> settings = new HashMap<>(jobSettings(job));
        settings.put("spindle.test.crash-point", crashPoint);
        ApplicationId app = submit(name, job, SPARSE_TOPIC, "available-now",
                URI.create(CLUSTER.cluster().fileSystem().getUri() + output(name).toString()), settings);
        ContainerId hung = awaitCrashPoint(app);
        assertTrue((hung.getContainerId() & 0xffffffffL) > 1, "an executor container stopped");
        CLUSTER.cluster().containerProcess(hung, Duration.ofSeconds(10)).kill();

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(local, yarnOutput(name));
        if (job.equals("url-trends")) { // its shuffle files have the replication the setting asks for
            var files = CLUSTER.cluster().fileSystem().listFiles(new org.apache.hadoop.fs.Path(checkpoint(name), "shuffle"), true);
            int seen = 0;
            while (files.hasNext()) {
                assertEquals(2, files.next().getReplication());
                seen++;
            }
            assertTrue(seen > 0, "shuffle files are kept for the retained commits");
        }
    }

    /**
     * The job's own settings: url-trends joins the users table on HDFS and shuffles into 3 tasks (its
     * input has 4), its shuffle files written with 2 replicas.
     */
    private static Map<String, String> jobSettings(String job) {
        if (!job.equals("url-trends")) {
            return Map.of();
        }
        return Map.of("spindle.job.users-table", CLUSTER.cluster().fileSystem().getUri() + USERS_TABLE,
                "spindle.job.shuffle-partitions", "3", "spindle.shuffle.replication", "2");
    }

    private static List<String> runLocallyUnchecked(String job) {
        try {
            return runLocally(job, SPARSE_TOPIC);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A second submission of a running job waits as a standby and writes nothing while the first
     * lives; when the first is killed it takes over and finishes with the same rows.
     */
    @Test
    void aSecondSubmissionWaitsAsStandbyAndTakesOverWhenTheFirstDies() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        ApplicationId first = submit("standby", Map.of("spindle.test.crash-point", CrashPoints.AFTER_COMMIT + ":2"));
        awaitCrashPoint(first);
        FileSystem fs = cluster.fileSystem();
        List<String> before = listing(fs, checkpoint("standby"));

        ApplicationId second = submit("standby", Map.of());
        ApplicationReport waiting = awaitState(second, YarnApplicationState.RUNNING);
        URL progress = new URL(waiting.getTrackingUrl() + "api/v1/status"); // through the RM's web proxy
        String[] page = {""};
        try {
            Await.until(Duration.ofSeconds(60), "the second AM reports STANDBY at " + progress,
                    () -> (page[0] = read(progress)).contains("\"status\":\"STANDBY\""));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it said: " + page[0], e.getCause());
        }
        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zooKeeperConnectString(),
                new RetryOneTime(100))) {
            zk.start();
            Await.until(Duration.ofSeconds(60), "both AMs in the leader latch",
                    () -> zk.getChildren().forPath("/test-standby/jobs/clickstream/leader").size() == 2);
        }
        // In the latch behind the hung leader: it neither leads nor touches the checkpoint.
        assertTrue(read(progress).contains("\"status\":\"STANDBY\""), "still a standby");
        assertEquals(before, listing(fs, checkpoint("standby")), "the standby wrote nothing to the checkpoint");

        cluster.yarnClient().killApplication(first);
        ApplicationReport report = awaitEnd(second);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(localRun, yarnOutput("standby"));
    }

    /**
     * An executor stops itself (SIGSTOP) in the middle of a batch-2 attempt and stays stopped past
     * its ZooKeeper session timeout, while its container stays up in YARN: the AM moves its tasks and
     * the job commits on. Resumed, the zombie finishes its attempt after the takeover and then exits,
     * and nothing it did shows: no output file changed, the rows are those of the local run.
     */
    @Test
    void aPausedExecutorRunsOnAsAZombieAndChangesNothing() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String name = "zombie-executor";
        ApplicationId app = submit(name, Map.of("spindle.test.crash-point", CrashPoints.AFTER_CHANGELOG + ":2:pause"));
        ContainerProcess zombie = awaitStoppedExecutor(app);
        ContainerId zombieId = zombie.containerId();

        FileSystem fs = cluster.fileSystem();
        org.apache.hadoop.fs.Path laterCommit = new org.apache.hadoop.fs.Path(checkpoint(name), "commits/4");
        Await.until(RUN_LIMIT, "batches 2 to 4 committed without the paused executor", () -> fs.exists(laterCommit));
        List<String> outputBefore = listing(fs, output(name));
        zombie.resume();

        Await.until(Duration.ofSeconds(60), "the zombie exits", () -> !zombie.isAlive());
        String afterResume = logAfterResume(zombieId, CrashPoints.AFTER_CHANGELOG + " 2");
        assertTrue(afterResume.contains("of batch 2 reported"), "the zombie finished its attempt after the takeover: " + afterResume);
        assertTrue(afterResume.contains("lost its ZooKeeper session"), "and then left: " + afterResume);

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        List<String> outputAfter = listing(fs, output(name));
        assertTrue(outputAfter.containsAll(outputBefore), "no output file changed: " + outputBefore + " vs " + outputAfter);
        assertEquals(localRun, yarnOutput(name));
    }

    /**
     * An executor stops itself (SIGSTOP) in batch 2; while it is stopped a byte of every task's
     * batch-1 changelog is flipped, then it is SIGKILLed. The tasks it ran move to executors that
     * never held their state: each restores, falls back past the damaged changelog to commit 0,
     * re-executes batch 1 state only, and the job goes on. The rows are those of the local run.
     */
    @Test
    void tasksMovedOffAKilledExecutorFallBackPastADamagedChangelog() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String name = "damaged-changelog";
        ApplicationId app = submit(name, Map.of("spindle.test.crash-point", CrashPoints.AFTER_CHANGELOG + ":2:pause"));
        ContainerProcess stopped = awaitStoppedExecutor(app);
        try (Checkpoint checkpoint = Checkpoint.openForReading(
                URI.create(cluster.fileSystem().getUri() + checkpoint(name).toString()), cluster.configuration())) {
            for (TaskCommit task : checkpoint.commits().get(1).orElseThrow().tasks().values()) {
                if (task.changelog() != null) {
                    CheckpointFiles.flipByte(checkpoint, task.changelog().path(), 0);
                }
            }
        }
        stopped.kill();

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(localRun, yarnOutput(name));
        assertFalse(cluster.containersLogging(app, ExecutorLaunch.LOG_FILE, "FALLBACK: task").isEmpty(),
                "an executor that took a moved task fell back");
    }

    /**
     * An executor hangs mid-batch (SIGSTOP) and never comes back, while YARN still runs its
     * container: the AM moves its tasks once its session expires, and after {@code spindle.task.timeout}
     * without its znode stops the container, so the slot is freed and a replacement joins. The rows
     * are those of the local run.
     */
    @Test
    void aHungExecutorIsStoppedAndReplaced() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String name = "hung-executor";
        ApplicationId app = submit(name, TOPIC, "processing-time=1s", Map.of(
                "spindle.test.crash-point", CrashPoints.AFTER_CHANGELOG + ":2:pause", "spindle.task.timeout", "10s"));
        ContainerId hungId = awaitCrashPoint(app);
        ContainerProcess hung = cluster.containerProcess(hungId, Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(10), "the executor hangs", hung::isPaused);

        Await.until(Duration.ofSeconds(120), "the AM stops the hung executor's container", () -> !hung.isAlive());
        assertEquals(1, cluster.containersLogging(app, ExecutorLaunch.LOG_FILE, "Stopping executor " + hungId).size(),
                "the AM stopped it");
        Await.until(Duration.ofSeconds(120), "a replacement executor joins", () -> cluster.containerProcesses(app).stream()
                .filter(p -> !p.isApplicationMaster()).count() == 2);
        Await.until(Duration.ofSeconds(120), "all input committed", () -> yarnOutput(name).size() == localRun.size());
        assertEquals(0, SpindleCli.run(stopCommand(app), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(localRun, yarnOutput(name));
    }

    /**
     * An attempt hangs for good in a live executor (one task thread stuck at its crash point; the
     * process and its ZooKeeper session are fine). After {@code spindle.task.timeout} the AM gives
     * the attempt to another executor and stops the hung one's container; a replacement joins and
     * the job ends with the rows of the local run.
     */
    @Test
    void anAttemptThatHangsPastTheTaskTimeoutMovesAndItsExecutorIsReplaced() throws Exception {
        String name = "hung-attempt";
        ApplicationId app = submit(name, Map.of("spindle.test.crash-point", CrashPoints.AFTER_CHANGELOG + ":2",
                "spindle.task.timeout", "10s"));
        SpindleTestCluster cluster = CLUSTER.cluster();
        ContainerProcess hung = cluster.containerProcess(awaitCrashPoint(app), Duration.ofSeconds(10));

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(localRun, yarnOutput(name));
        assertFalse(hung.isAlive(), "the hung executor was stopped");
        String amLog = cluster.containerLog(ContainerId.newContainerId(report.getCurrentApplicationAttemptId(), 1),
                ExecutorLaunch.LOG_FILE);
        assertTrue(amLog.contains("Stopping executor " + hung.containerId() + ": attempt "), amLog);
        assertTrue(amLog.contains("did not report within 10 s; reassigned"), amLog);
    }

    /**
     * The ApplicationMaster stops itself (SIGSTOP) with every report of batch 2 in, before its
     * commit, and stays stopped past its session timeout; a standby submission takes over and
     * finishes the job. Resumed, the zombie AM goes on to write {@code commits/2}, finds the new
     * leader's entry there (I1) and dies at its next fenced ZooKeeper write: the checkpoint's logs
     * and the output are exactly as the new leader left them.
     */
    @Test
    void aPausedApplicationMasterRunsOnAsAZombieAndChangesNothing() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String name = "zombie-am";
        ApplicationId first = submit(name, Map.of("spindle.test.crash-point", CrashPoints.BEFORE_COMMIT + ":2:pause",
                "spindle.yarn.am.max-attempts", "1"));
        ContainerId zombieId = awaitCrashPoint(first);
        assertEquals(1, zombieId.getContainerId() & 0xffffffffL, "the AM paused");
        ContainerProcess zombie = cluster.containerProcess(zombieId, Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(10), "the AM stopped itself", zombie::isPaused);

        ApplicationId second = submit(name, Map.of());
        ApplicationReport report = awaitEnd(second);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        FileSystem fs = cluster.fileSystem();
        List<String> logsBefore = logListing(fs, name);
        List<String> outputBefore = listing(fs, output(name));
        zombie.resume();

        Await.until(Duration.ofSeconds(60), "the zombie AM exits", () -> !zombie.isAlive());
        String afterResume = logAfterResume(zombieId, CrashPoints.BEFORE_COMMIT + " 2");
        assertTrue(afterResume.contains("commits/2 was already written by epoch"),
                "the zombie AM tried to commit batch 2 after the takeover: " + afterResume);
        awaitEnd(first);
        assertEquals(logsBefore, logListing(fs, name), "the zombie AM changed no log entry");
        assertEquals(outputBefore, listing(fs, output(name)), "nor any output file");
        assertEquals(localRun, yarnOutput(name));
    }

    /**
     * Clickstream into Kafka ({@code kafka:TOPIC}): the AM is SIGKILLed after sending a batch's
     * transaction and before committing it; the second attempt fences the open transaction and
     * sends the batch again, and a read_committed consumer sees every row and dead letter once.
     */
    @Test
    void anApplicationMasterKilledInsideAKafkaTransactionLeavesEveryRowInKafkaOnce() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String name = "kafka-sink";
        cluster.createTopic(name, 3);
        cluster.createTopic(name + "-dlq", 1);
        ApplicationId app = submit(name, TOPIC, "available-now", URI.create("kafka:" + name),
                Map.of("spindle.test.crash-point", CrashPoints.AFTER_KAFKA_SEND + ":2",
                        "spindle.sink.kafka.transactional-id-prefix", "test-" + name));
        ContainerId hung = awaitCrashPoint(app);
        assertEquals(1, hung.getContainerId() & 0xffffffffL, "the AM stopped inside the transaction");
        cluster.containerProcess(hung, Duration.ofSeconds(10)).kill();

        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(2, report.getCurrentApplicationAttemptId().getAttemptId(), "a second attempt finished the job");
        assertEquals(localValues(false), CommittedRecords.values(cluster.kafkaBootstrapServers(), name));
        assertEquals(localValues(true), CommittedRecords.values(cluster.kafkaBootstrapServers(), name + "-dlq"));
    }

    @Test
    void spindleStopEndsARunningJobAfterItsBatchAndTheJobSucceeds() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        // A stop request an earlier submission never served must not stop this one.
        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zooKeeperConnectString(),
                new RetryOneTime(100))) {
            zk.start();
            zk.create().creatingParentsIfNeeded().forPath("/test-stopped/jobs/clickstream/stop",
                    "{\"application\":\"application_1_0001\"}".getBytes(StandardCharsets.UTF_8));
        }
        ApplicationId app = submit("stopped", TOPIC, "processing-time=1s", Map.of());
        FileSystem fs = cluster.fileSystem();
        Await.until(Duration.ofSeconds(120), "a first commit",
                () -> fs.exists(new org.apache.hadoop.fs.Path(checkpoint("stopped"), "commits/1")));

        // The tracking page, as the RM UI links it: through the RM's web proxy.
        ApplicationReport running = cluster.yarnClient().getApplicationReport(app);
        String tracking = running.getTrackingUrl();
        assertTrue(tracking.startsWith(cluster.resourceManagerWebUrl() + "/proxy/" + app + "/"), tracking);
        Await.until(Duration.ofSeconds(120), "every record of the topic committed with no lag left", () -> {
            JsonNode status = Json.parseText(httpGet(tracking + "api/v1/status"), "status");
            JsonNode last = Json.parseText(httpGet(tracking + "api/v1/batches"), "batches").path(0);
            return status.path("status").asText().equals("RUNNING") && last.path("lag").asLong(-1) == 0
                    && PrometheusText.parse(httpGet(tracking + "metrics"))
                            .get("spindle_records_in_total{spindle_job=\"clickstream\"}") == EVENTS;
        });
        Map<String, Double> metrics = PrometheusText.parse(httpGet(tracking + "metrics"));
        assertEquals(0.0, metrics.get("spindle_lag_records{spindle_job=\"clickstream\"}"));
        double batches = metrics.get("spindle_batches_committed_total{spindle_job=\"clickstream\"}");
        assertTrue(batches >= 1, metrics.toString());
        assertEquals(batches, metrics.get("spindle_batch_duration_seconds_count{phase=\"commit\",spindle_job=\"clickstream\"}"));
        assertEquals(batches, metrics.get("spindle_batch_duration_seconds_bucket{le=\"+Inf\",phase=\"total\",spindle_job=\"clickstream\"}"));
        assertTrue(metrics.get("spindle_checkpoint_changelog_bytes_total{spindle_job=\"clickstream\"}") > 0, metrics.toString());
        String page = httpGet(tracking);
        assertTrue(page.contains("Spindle job clickstream") && page.contains("<section id=\"batches\"><h2>Batches</h2><table>")
                && page.contains("<svg") && page.contains("aria-label=\"Input rate\""), page);
        JsonNode progress = Json.parseText(httpGet(tracking + "api/v1/progress"), "progress");
        long read = 0;
        for (JsonNode batch : progress) {
            read += batch.path("numInputRows").asLong();
            assertEquals(batch.path("numInputRows").asLong(), batch.path("sources").path(0).path("numInputRows").asLong());
        }
        assertEquals(EVENTS, read, "the progress objects count every record once: " + progress);
        JsonNode executors = Json.parseText(httpGet(tracking + "api/v1/executors"), "executors");
        assertEquals(2, executors.path("running").size(), executors.toString());
        JsonNode executor = executors.path("running").path(0);
        assertTrue(httpGet(executor.path("logs").asText() + "/" + ExecutorLaunch.LOG_FILE).contains(executor.path("container").asText()),
                "the executor's log link opens its log on its NodeManager");
        // The executors' own figures came with their reports, labelled by container.
        String container = executor.path("container").asText();
        assertTrue(executor.path("jvm").path("heap_used_bytes").asLong() > 0
                && executor.path("jvm").path("cpu_ms").asLong() > 0, executor.toString());
        metrics = PrometheusText.parse(httpGet(tracking + "metrics"));
        assertTrue(metrics.get("spindle_executor_heap_used_bytes{executor=\"" + container
                + "\",spindle_job=\"clickstream\"}") > 0, metrics.toString());
        assertTrue(metrics.get("spindle_state_bytes{spindle_job=\"clickstream\"}") > 0, metrics.toString());
        assertTrue(metrics.get("spindle_task_state_bytes{spindle_job=\"clickstream\",task=\"s0-p0\"}") > 0,
                metrics.toString());
        // Straight to the AM's port from anywhere but the proxy: YARN's AmIpFilter sends it to the proxy.
        URI direct = URI.create(running.getOriginalTrackingUrl());
        String answer = rawGetFrom(InetAddress.getByName("127.0.0.2"), direct.getHost(), direct.getPort(), "/api/v1/progress");
        assertTrue(answer.startsWith("HTTP/1.1 302") && answer.contains("Location: " + cluster.resourceManagerWebUrl()
                + "/proxy/redirect/" + app + "/api/v1/progress"), answer);
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        assertEquals(0, SpindleCli.run(new String[] {"status", app.toString(),
            "--conf", "yarn.resourcemanager.address=" + cluster.configuration().get("yarn.resourcemanager.address")},
                new PrintStream(status, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(status.toString(StandardCharsets.UTF_8).contains("job: RUNNING, epoch 1, batch "), status.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SpindleCli.run(stopCommand(app), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("asked " + app + " to stop"), stdout.toString());

        ApplicationReport report = Submitter.awaitEnd(cluster.yarnClient(), app, Duration.ofSeconds(60));
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        // A processing-time run ends when it is stopped: the application SUCCEEDED, the run STOPPED.
        assertTrue(report.getDiagnostics().contains("\"status\":\"STOPPED\""), report.getDiagnostics());
        // Its link stays alive after the end: with no final tracking URL the proxy sends it to the RM's page.
        assertTrue(httpGet(report.getTrackingUrl()).contains(app.toString()), report.getTrackingUrl());
    }

    /**
     * In a real browser, as an on-call engineer gets there: the RM's page of the application, its
     * Tracking UI link, and the job's page with its batch table and charts; a screenshot is left in
     * target/tracking-page.png. Skipped, saying so, where Chromium is not installed.
     */
    @Test
    void theTrackingPageOpensInABrowserFromTheResourceManagersLink() throws Exception {
        Optional<HeadlessChromium> browser = HeadlessChromium.find(Path.of("target", "chromium"));
        Assumptions.assumeTrue(browser.isPresent(), "SKIPPED: no Chromium at /usr/bin/chromium to open the tracking"
                + " page with (.ci/run installs Debian's chromium where it can)");
        SpindleTestCluster cluster = CLUSTER.cluster();
        ApplicationId app = submit("browsed", TOPIC, "processing-time=1s", Map.of());
        FileSystem fs = cluster.fileSystem();
        Await.until(Duration.ofSeconds(120), "two commits",
                () -> fs.exists(new org.apache.hadoop.fs.Path(checkpoint("browsed"), "commits/2")));

        String rmPage = browser.get().dumpDom(cluster.resourceManagerWebUrl() + "/cluster/app/" + app);
        Matcher link = Pattern.compile("href=\"(http://[^\"]+/proxy/" + app + "/)\"").matcher(rmPage);
        assertTrue(link.find(), "the RM's application page links the tracking UI: " + rmPage);
        String page = browser.get().dumpDom(link.group(1));
        assertTrue(page.contains("Spindle job clickstream") && page.contains("id=\"batches\"")
                && page.contains("<td>0</td>") && page.contains("aria-label=\"Batch duration\""), page);
        Path screenshot = Path.of("target", "tracking-page.png");
        browser.get().screenshot(link.group(1), screenshot, 1280, 1600);
        System.out.println("tracking page of " + app + " reached from the RM UI's link: " + screenshot.toAbsolutePath());
        cluster.yarnClient().killApplication(app);
    }

    @Test
    void addingAPartitionToTheInputStopsTheJobWithAClearMessage() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String topic = "clicks-growing";
        cluster.createTopic(topic, 2);
        Path input = dir.resolve("growing.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(5), 500), StandardCharsets.UTF_8);
        InputLoader.load(input, Jobs.find("clickstream"), cluster.kafkaBootstrapServers(), topic, 2);
        ApplicationId app = submit("growing", topic, "processing-time=500ms", Map.of());
        FileSystem fs = cluster.fileSystem();
        Await.until(Duration.ofSeconds(120), "a first commit",
                () -> fs.exists(new org.apache.hadoop.fs.Path(checkpoint("growing"), "commits/0")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafkaBootstrapServers()))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
        }
        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        String diagnostics = report.getDiagnostics().trim();
        assertTrue(diagnostics.contains("input topic '" + topic + "' has 3 partitions"), diagnostics);
    }

    @Test
    void anApplicationMasterThatCannotStartUnregistersWithItsReasonAndDeletesItsStaging() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        Configuration conf = cluster.configuration();
        conf.set("spindle.yarn.am.max-attempts", "1");
        conf.set("spindle.yarn.am.memory-mb", "256");
        conf.set("spindle.zookeeper.connect-timeout-seconds", "2");
        URI fs = cluster.fileSystem().getUri();
        JobSpec spec = new JobSpec("clickstream", TOPIC, cluster.kafkaBootstrapServers(),
                URI.create(fs + checkpoint("no-zookeeper").toString()), URI.create(fs + output("no-zookeeper").toString()),
                "available-now", "127.0.0.1:1", "/test-no-zookeeper", JobSpec.settingsOf(conf));
        ApplicationId app = Submitter.submit(cluster.yarnClient(), spec, conf);
        ApplicationReport report = awaitEnd(app);
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        assertTrue(report.getDiagnostics().contains("cannot reach ZooKeeper at 127.0.0.1:1 within 2 s"),
                report.getDiagnostics());
        String user = org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName();
        assertFalse(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path("/user/" + user + "/.spindle/" + app)),
                "the staging directory is deleted");
    }

    @Test
    void aBadSubmissionFailsBeforeSubmittingWithOneLine() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        int before = cluster.yarnClient().getApplications().size();
        String[] common = {"--checkpoint", "/bad/checkpoint", "--output", "/bad/output",
            "--bootstrap-servers", cluster.kafkaBootstrapServers()};
        assertOneLineError(List.of("--job", "no-such-job"), common, "no-such-job");
        assertOneLineError(List.of("--job", "clickstream", "--jar", dir.resolve("missing.jar").toString()), common,
                "job jar " + dir.resolve("missing.jar") + " does not exist");
        assertOneLineError(List.of("--job", "clickstream", "--conf", "spindle.executors=zero"), common,
                "spindle.executors");
        assertOneLineError(List.of("--job", "clickstream", "--trigger", "sometimes"), common, "sometimes");
        assertOneLineError(List.of("--job", "clickstream"), common, "spindle.zookeeper.connect is not set");
        assertOneLineError(ExitCode.FAILED, List.of("--job", "clickstream", "--conf", "spindle.zookeeper.connect="
                + cluster.zooKeeperConnectString(), "--conf", "yarn.resourcemanager.address=127.0.0.1:1",
                "--conf", "yarn.resourcemanager.connect.max-wait.ms=2000",
                "--conf", "yarn.resourcemanager.connect.retry-interval.ms=500"), common, "ResourceManager");
        String zooKeeper = "spindle.zookeeper.connect=" + cluster.zooKeeperConnectString();
        assertOneLineError(List.of("--job", "clickstream", "--conf", zooKeeper, "--output", "kafka:no-such-topic"), common,
                "output topic [no-such-topic, no-such-topic-dlq] does not exist");
        cluster.createTopic("bad-out", 1);
        cluster.createTopic("bad-out-dlq", 1);
        assertOneLineError(List.of("--job", "clickstream", "--conf", zooKeeper, "--output", "kafka:bad-out",
                "--conf", "spindle.sink.kafka.transaction-timeout=1h"), common,
                "spindle.sink.kafka.transaction-timeout is 3600000 ms, above the broker's transaction.max.timeout.ms");
        assertEquals(before, cluster.yarnClient().getApplications().size(), "nothing was submitted");
    }

    private static void assertOneLineError(List<String> options, String[] common, String expected) {
        assertOneLineError(ExitCode.USAGE, options, common, expected);
    }

    private static void assertOneLineError(int exitCode, List<String> options, String[] common, String expected) {
        List<String> args = new ArrayList<>(List.of("submit"));
        args.addAll(options);
        args.addAll(List.of(common));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SpindleCli.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String error = stderr.toString(StandardCharsets.UTF_8).trim();
        assertEquals(exitCode, exit, error);
        assertEquals(1, error.lines().count(), "one line: " + error);
        assertTrue(error.startsWith("spindle-submit: ") && error.contains(expected), error);
    }

    // ---- submitting and reading back ----

    private static ApplicationId submit(String name, Map<String, String> settings) throws Exception {
        return submit(name, TOPIC, "available-now", settings);
    }

    private static ApplicationId submit(String name, String topic, String trigger, Map<String, String> settings)
            throws Exception {
        return submit(name, topic, trigger, URI.create(CLUSTER.cluster().fileSystem().getUri() + output(name).toString()),
                settings);
    }

    private static ApplicationId submit(String name, String topic, String trigger, URI output, Map<String, String> settings)
            throws Exception {
        return submit(name, "clickstream", topic, trigger, output, settings);
    }

    /** Submits a job as spindle-submit does; every test has its own checkpoint, output and ZooKeeper root. */
    private static ApplicationId submit(String name, String job, String topic, String trigger, URI output,
            Map<String, String> settings) throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        Configuration conf = cluster.configuration();
        conf.set("spindle.source.max-records-per-batch", "400");
        conf.set("spindle.executors", "2");
        conf.set("spindle.yarn.executor.memory-mb", "256");
        conf.set("spindle.executor.state-memory", Long.toString(32L * 1024 * 1024));
        conf.set("spindle.yarn.am.memory-mb", "256");
        conf.set("spindle.zookeeper.session-timeout", "5s");
        conf.set("spindle.yarn.lib-cache", LIB_CACHE); // Spindle's jars localized once per node, not per application
        settings.forEach(conf::set);
        Map<String, String> spindleSettings = JobSpec.settingsOf(conf);
        URI fs = cluster.fileSystem().getUri();
        JobSpec spec = new JobSpec(job, topic, cluster.kafkaBootstrapServers(),
                URI.create(fs + checkpoint(name).toString()), output,
                Trigger.parse(trigger).toString(), cluster.zooKeeperConnectString(), "/test-" + name, spindleSettings);
        return Submitter.submit(cluster.yarnClient(), spec, conf);
    }

    private static org.apache.hadoop.fs.Path checkpoint(String name) {
        return new org.apache.hadoop.fs.Path("/jobs/" + name + "/checkpoint");
    }

    private static org.apache.hadoop.fs.Path output(String name) {
        return new org.apache.hadoop.fs.Path("/jobs/" + name + "/output");
    }

    /** GET following redirects; the body of a 200 answer. */
    private static String httpGet(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    /** The status line and headers of a GET sent from {@code local} (another loopback address is another host). */
    private static String rawGetFrom(InetAddress local, String host, int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName(host), port, local, 0)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int headersEnd = answer.indexOf("\r\n\r\n");
            return headersEnd < 0 ? answer : answer.substring(0, headersEnd);
        }
    }

    /** {@code spindle stop APP} with the cluster's addresses, as HADOOP_CONF_DIR would give them. */
    private static String[] stopCommand(ApplicationId app) {
        org.apache.hadoop.conf.Configuration conf = CLUSTER.cluster().configuration();
        return new String[] {"stop", app.toString(),
            "--conf", "yarn.resourcemanager.address=" + conf.get("yarn.resourcemanager.address"),
            "--conf", "fs.defaultFS=" + conf.get("fs.defaultFS")};
    }

    private static ApplicationReport awaitEnd(ApplicationId app) throws Exception {
        return Submitter.awaitEnd(CLUSTER.cluster().yarnClient(), app, RUN_LIMIT);
    }

    private static ApplicationReport awaitState(ApplicationId app, YarnApplicationState state) throws Exception {
        Await.until(Duration.ofSeconds(60), app + " " + state,
                () -> CLUSTER.cluster().yarnClient().getApplicationReport(app).getYarnApplicationState() == state);
        return CLUSTER.cluster().yarnClient().getApplicationReport(app);
    }

    /** The container of {@code app} that reached its armed crash point (and hangs there). */
    private static ContainerId awaitCrashPoint(ApplicationId app) throws Exception {
        List<ContainerId> hung = new ArrayList<>();
        Await.until(Duration.ofSeconds(120), "a container of " + app + " at its crash point", () -> {
            hung.clear();
            hung.addAll(CLUSTER.cluster().containersLogging(app, "stderr", "SPINDLE-CRASH-POINT"));
            return !hung.isEmpty();
        });
        assertEquals(1, hung.size(), "one container stopped: " + hung);
        ContainerProcess process = CLUSTER.cluster().containerProcess(hung.get(0), Duration.ofSeconds(10));
        assertTrue(process.isAlive());
        return hung.get(0);
    }

    /** The executor that stopped itself (SIGSTOP) at its crash point, once it has. */
    private static ContainerProcess awaitStoppedExecutor(ApplicationId app) throws Exception {
        ContainerId stoppedId = awaitCrashPoint(app);
        assertTrue((stoppedId.getContainerId() & 0xffffffffL) > 1, "an executor stopped: " + stoppedId);
        ContainerProcess stopped = CLUSTER.cluster().containerProcess(stoppedId, Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(10), "the executor stopped itself", stopped::isPaused);
        return stopped;
    }

    /** Every line of every output file of a job on HDFS, as {@code relative-path line}, sorted by file. */
    private static List<String> yarnOutput(String name) throws IOException {
        return JobOutputs.onHdfs(CLUSTER.cluster().fileSystem(), output(name));
    }

    private static List<String> listing(FileSystem fs, org.apache.hadoop.fs.Path root) throws IOException {
        List<String> files = new ArrayList<>();
        var iterator = fs.listFiles(root, true);
        while (iterator.hasNext()) {
            var file = iterator.next();
            files.add(file.getPath().toUri().getPath() + " " + file.getLen() + " " + file.getModificationTime());
        }
        files.sort(null);
        return files;
    }

    /** Prints (for the record, not asserted) how long after a kill the job's next commit landed. */
    private static void printRecovery(String what, String name, long killedAt) throws IOException {
        FileSystem fs = CLUSTER.cluster().fileSystem();
        long next = Stream.of(fs.listStatus(new org.apache.hadoop.fs.Path(checkpoint(name), "commits")))
                .mapToLong(FileStatus::getModificationTime).filter(time -> time > killedAt).min().orElse(-1);
        System.out.printf("RECOVERY %s: SIGKILL to the next commit %d ms%n", what, next - killedAt);
    }

    /** The local run's rows (or dead letters), without their file names, sorted. */
    private static List<String> localValues(boolean deadLetters) {
        return CommittedRecords.sorted(localRun.stream().filter(line -> line.startsWith("_dlq/") == deadLetters)
                .map(line -> line.substring(line.indexOf(' ') + 1)).toList());
    }

    /** What a container paused at a crash point logged after it was resumed there. */
    private static String logAfterResume(ContainerId container, String point) throws IOException {
        String log = CLUSTER.cluster().containerLog(container, ExecutorLaunch.LOG_FILE);
        int resumed = log.indexOf("SPINDLE-CRASH-POINT " + point + " resumed");
        assertTrue(resumed >= 0, container + " resumed at " + point + ": " + log);
        return log.substring(resumed);
    }

    /** The checkpoint's batch logs and publish markers, with lengths and modification times. */
    private static List<String> logListing(FileSystem fs, String name) throws IOException {
        List<String> files = new ArrayList<>();
        for (String log : List.of("offsets", "commits", "sinks/published")) {
            files.addAll(listing(fs, new org.apache.hadoop.fs.Path(checkpoint(name), log)));
        }
        return files;
    }

    private static String read(URL url) throws IOException {
        try (var in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
