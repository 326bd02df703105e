package dev.spindle.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.api.Trigger;
import dev.spindle.client.Submitter;
import dev.spindle.examples.clickstream.ClickstreamGenerator;
import dev.spindle.api.job.JobFactory;
import dev.spindle.examples.clickstream.ClickstreamJob;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.local.LocalRun;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.runtime.source.KafkaPartitionSource;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * Clickstream on the embedded YARN of the testkit against local mode on the same machine, and
 * what a failover costs. On one {@link SpindleTestCluster} (HDFS, YARN with 2 NodeManagers,
 * ZooKeeper, Kafka):
 *
 * <ol>
 *   <li>throughput: the same events, checkpoint and output on HDFS, run available-now
 *       in local mode (threads in this JVM) and on YARN (containers): records/s end to end (YARN:
 *       submit to FINISHED, containers included) and steady (first commit to last);
 *   <li>failover: a run with a backlog, its ApplicationMaster SIGKILLed after a few commits: the
 *       time from the kill to the next commit, split into detection (the ResourceManager ends the
 *       attempt), YARN restart (to the new AM's JVM start), AM start (to registered with the
 *       ResourceManager), leadership (the latch and a new epoch in ZooKeeper), re-attach (recover,
 *       plan, place the first batch on the executors kept across attempts) and first commit; the
 *       new attempt's own timeline
 *       comes from its tracking page ({@code /api/v1/status}, {@code "attempt"});
 *   <li>then an executor SIGKILLed: the time to the next commit.
 * </ol>
 *
 * <p>Args (optional): events (default 400,000), max-records-per-batch (default 50,000), the job
 * (default clickstream; sessions, url-trends). Run with {@code benchmarks/run yarn}.
 */
public final class YarnBenchmark {
    private static final int PARTITIONS = 4;
    private static final String SESSION_TIMEOUT = "5s";
    /** The job the benchmark runs: clickstream unless named as the third argument (sessions). */
    private static JobFactory job = new ClickstreamJob();
    /** The job's own settings (spindle.job.*): its tables' files. */
    private static final Map<String, String> jobSettings = new TreeMap<>();

    private YarnBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 400_000;
        long perBatch = args.length > 1 ? Long.parseLong(args[1]) : 50_000;
        if (args.length > 2) {
            job = Jobs.find(args[2]);
        }
        Path dir = Files.createTempDirectory("spindle-yarn-benchmark-");
        try (SpindleTestCluster cluster = SpindleTestCluster.builder().baseDir(dir.resolve("cluster")).start()) {
            System.out.println("yarn benchmark: " + cluster.startupReport());
            Path input = dir.resolve("events.jsonl");
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(input),
                    StandardCharsets.UTF_8), 1 << 20)) {
                ClickstreamGenerator.write(out, events, 42, 10_000);
            }
            if (!job.create().tables().isEmpty()) { // url-trends: a users table on HDFS, a country for every other user
                StringBuilder table = new StringBuilder("user,country\n");
                for (int user = 0; user < 10_000; user += 2) {
                    table.append('u').append(user).append(',').append(user % 3 == 0 ? "de" : "fr").append('\n');
                }
                try (var out = cluster.fileSystem().create(new org.apache.hadoop.fs.Path("/bench/users.csv"))) {
                    out.write(table.toString().getBytes(StandardCharsets.UTF_8));
                }
                for (var staticTable : job.create().tables()) {
                    jobSettings.put(staticTable.pathSetting(), hdfs(cluster, "/bench/users.csv").toString());
                }
            }
            for (String topic : List.of("clicks", "clicks-failover")) {
                cluster.createTopic(topic, PARTITIONS);
                InputLoader.load(input, job, cluster.kafkaBootstrapServers(), topic, PARTITIONS);
            }
            System.out.printf("job %s, %,d events in %d partitions, max-records-per-batch %,d; a thread per task in"
                    + " local mode, 2 executor containers on YARN%n", job.name(), events, PARTITIONS, perBatch);

            Rate local = local(cluster, perBatch);
            System.out.printf("%-28s %s%n", "local mode (threads):", local);
            Rate yarn = onYarn(cluster, perBatch);
            System.out.printf("%-28s %s%n", "YARN (containers):", yarn);
            System.out.printf("YARN / local: end to end %.2f, steady %.2f%n", yarn.endToEnd() / local.endToEnd(),
                    yarn.steady() / local.steady());

            failover(cluster, Math.max(1_000, perBatch / 10));
        } finally {
            FileUtil.fullyDelete(dir.toFile());
        }
    }

    /** Records per second end to end, and between the first commit and the last. */
    private record Rate(long records, double endToEnd, double steady) {
        @Override
        public String toString() {
            return String.format("%,d records: %,9.0f records/s end to end, %,9.0f records/s steady", records,
                    endToEnd, steady);
        }
    }

    private static Rate local(SpindleTestCluster cluster, long perBatch) throws Exception {
        Configuration conf = new Configuration(cluster.configuration());
        settings(perBatch).forEach(conf::set);
        conf.set("spindle.executor.local-dir", cluster.baseDir().resolve("local-run").toString());
        URI checkpoint = hdfs(cluster, "/bench/local/checkpoint");
        long begin = System.currentTimeMillis();
        try (KafkaPartitionSource source = new KafkaPartitionSource(cluster.kafkaBootstrapServers(), "clicks")) {
            new LocalRun().run(new LocalRun.Settings(job.create(), "clicks", source, checkpoint,
                    OutputLocation.under(hdfs(cluster, "/bench/local/output")), new Trigger.AvailableNow(), conf),
                    (plan, commit, timings) -> {});
        }
        return rate(cluster, checkpoint, begin, System.currentTimeMillis());
    }

    private static Rate onYarn(SpindleTestCluster cluster, long perBatch) throws Exception {
        URI checkpoint = hdfs(cluster, "/bench/yarn/checkpoint");
        long begin = System.currentTimeMillis();
        ApplicationId app = submit(cluster, "yarn", "clicks", checkpoint, perBatch);
        ApplicationReport report = Submitter.awaitEnd(cluster.yarnClient(), app, java.time.Duration.ofMinutes(5));
        if (report.getYarnApplicationState() != YarnApplicationState.FINISHED) {
            throw new IllegalStateException(app + " ended " + report.getYarnApplicationState() + ": "
                    + report.getDiagnostics());
        }
        return rate(cluster, checkpoint, begin, report.getFinishTime());
    }

    private static Rate rate(SpindleTestCluster cluster, URI checkpointUri, long begin, long end) throws Exception {
        List<BatchCommit> commits = commits(cluster, checkpointUri);
        long records = 0;
        for (BatchCommit commit : commits) {
            records += Long.parseLong(commit.properties().getOrDefault("records_in", "0"));
        }
        BatchCommit first = commits.get(0);
        long afterFirst = records - Long.parseLong(first.properties().getOrDefault("records_in", "0"));
        double steadySeconds = (commits.get(commits.size() - 1).committedAtMillis() - first.committedAtMillis()) / 1e3;
        return new Rate(records, records / ((end - begin) / 1e3), afterFirst / steadySeconds);
    }

    /**
     * Kills the ApplicationMaster of a running job after its third commit and splits the time to
     * the next commit; then kills an executor and times the same.
     */
    private static void failover(SpindleTestCluster cluster, long perBatch) throws Exception {
        URI checkpoint = hdfs(cluster, "/bench/failover/checkpoint");
        YarnClient yarn = cluster.yarnClient();
        ApplicationId app = submit(cluster, "failover", "clicks-failover", checkpoint, perBatch);
        awaitCommits(cluster, checkpoint, 3);
        ApplicationAttemptId first = yarn.getApplicationReport(app).getCurrentApplicationAttemptId();
        long killedAt = System.currentTimeMillis();
        cluster.applicationMasterProcess(app, java.time.Duration.ofSeconds(10)).kill();

        ApplicationAttemptId second = await("a second attempt", () -> {
            ApplicationAttemptId current = yarn.getApplicationReport(app).getCurrentApplicationAttemptId();
            return current.getAttemptId() > first.getAttemptId() ? current : null;
        });
        ApplicationAttemptReport ended = yarn.getApplicationAttemptReport(first);
        JsonNode timeline = await("the first commit of " + second, () -> {
            String original = yarn.getApplicationAttemptReport(second).getOriginalTrackingUrl();
            if (original == null || original.isEmpty() || original.equals("N/A")) {
                return null; // not registered yet
            }
            String url = yarn.getApplicationReport(app).getTrackingUrl(); // the RM's proxy of the current attempt
            JsonNode progress = progress(url);
            JsonNode attempt = progress == null ? null : progress.get("attempt");
            return attempt != null && attempt.has("first_commit_ms") ? attempt : null;
        });
        long detected = ended.getFinishTime();
        long started = timeline.get("process_started_ms").asLong();
        long registered = timeline.get("registered_ms").asLong();
        long leading = timeline.get("leading_ms").asLong();
        long ready = timeline.get("executors_ready_ms").asLong();
        long committed = timeline.get("first_commit_ms").asLong();
        System.out.printf("AM failover (SIGKILL; ZooKeeper session timeout %s): %,d ms from the kill to the next commit%n"
                + "  detection (RM ends the attempt)                    %,6d ms%n"
                + "  YARN restart (to the new AM's JVM start)           %,6d ms%n"
                + "  AM start (JVM start to registered with the RM)     %,6d ms%n"
                + "  leadership (ZooKeeper latch and a new epoch)       %,6d ms%n"
                + "  re-attach (recover, plan, place on kept executors) %,6d ms%n"
                + "  first commit (run the batch, commit)               %,6d ms%n",
                SESSION_TIMEOUT, committed - killedAt, detected - killedAt, started - detected, registered - started,
                leading - registered, ready - leading, committed - ready);

        int before = commits(cluster, checkpoint).size();
        awaitCommits(cluster, checkpoint, before + 2);
        ContainerId executor = cluster.containerProcesses(app).stream().filter(p -> !p.isApplicationMaster()).map(p -> p.containerId())
                .findFirst().orElseThrow();
        long executorKilledAt = System.currentTimeMillis();
        cluster.containerProcess(executor, java.time.Duration.ofSeconds(10)).kill();
        long next = await("a commit after the executor kill", () -> commits(cluster, checkpoint).stream()
                .mapToLong(BatchCommit::committedAtMillis).filter(t -> t > executorKilledAt).boxed().findFirst()
                .orElse(null));
        System.out.printf("executor SIGKILL: %,d ms to the next commit%n", next - executorKilledAt);
        yarn.killApplication(app);
    }

    private static Map<String, String> settings(long perBatch) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("spindle.source.max-records-per-batch", Long.toString(perBatch));
        settings.put("spindle.executors", "2");
        settings.put("spindle.yarn.executor.memory-mb", "768");
        settings.put("spindle.executor.state-memory", Long.toString(128L * 1024 * 1024));
        settings.put("spindle.yarn.am.memory-mb", "512");
        settings.put("spindle.zookeeper.session-timeout", SESSION_TIMEOUT);
        settings.putAll(jobSettings);
        return settings;
    }

    private static ApplicationId submit(SpindleTestCluster cluster, String name, String topic, URI checkpoint,
            long perBatch) throws Exception {
        Configuration conf = new Configuration(cluster.configuration());
        settings(perBatch).forEach(conf::set);
        Map<String, String> spindleSettings = JobSpec.settingsOf(conf);
        JobSpec spec = new JobSpec(job.name(), topic, cluster.kafkaBootstrapServers(), checkpoint,
                hdfs(cluster, "/bench/" + name + "/output"), new Trigger.AvailableNow().toString(),
                cluster.zooKeeperConnectString(), "/bench-" + name, spindleSettings);
        return Submitter.submit(cluster.yarnClient(), spec, conf);
    }

    private static URI hdfs(SpindleTestCluster cluster, String path) {
        return URI.create(cluster.fileSystem().getUri() + path);
    }

    private static List<BatchCommit> commits(SpindleTestCluster cluster, URI checkpointUri) throws Exception {
        List<BatchCommit> commits = new ArrayList<>();
        if (!cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(checkpointUri))) {
            return commits;
        }
        try (Checkpoint checkpoint = Checkpoint.openForReading(checkpointUri, cluster.configuration())) {
            var latest = checkpoint.commits().latestBatch();
            for (long batch = 0; latest.isPresent() && batch <= latest.getAsLong(); batch++) {
                checkpoint.commits().get(batch).ifPresent(commits::add);
            }
        }
        return commits;
    }

    private static void awaitCommits(SpindleTestCluster cluster, URI checkpoint, int count) throws Exception {
        await(count + " commits", () -> commits(cluster, checkpoint).size() >= count ? Boolean.TRUE : null);
    }

    private static JsonNode progress(String trackingUrl) {
        try (InputStream in = new URL(trackingUrl.replaceAll("/$", "") + "/api/v1/status").openStream()) {
            return Json.parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8), trackingUrl);
        } catch (Exception e) {
            return null; // not serving yet
        }
    }

    private interface Probe<T> {
        T poll() throws Exception;
    }

    /** Polls every 50 ms until {@code probe} gives a value; fails after 5 minutes. */
    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (true) {
            T value = probe.poll();
            if (value != null) {
                return value;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
