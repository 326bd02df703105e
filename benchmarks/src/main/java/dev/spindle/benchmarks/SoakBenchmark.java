package dev.spindle.benchmarks;

import dev.spindle.api.Trigger;
import dev.spindle.client.Submitter;
import dev.spindle.examples.clickstream.ClickstreamGenerator;
import dev.spindle.examples.clickstream.ClickstreamJob;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.state.Checkpoint;
import dev.spindle.testkit.ContainerProcess;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * A long run on the embedded YARN: clickstream with a processing-time trigger and small batches,
 * for thousands of batches, an executor SIGKILLed now and then in the first part so that tasks
 * move between executors. At fixed batches it measures each executor's live heap: {@code jcmd
 * <pid> GC.class_histogram} forces a full GC and prints what survives it. An executor whose heap
 * after GC grows with the number of batches leaks; the figures are printed per executor, with the
 * growth since its first measurement.
 *
 * <p>Args (optional): batches (default 2000), records per batch (default 20), kills in the first
 * part (default 2). Run with {@code benchmarks/run soak}.
 */
public final class SoakBenchmark {
    private static final int PARTITIONS = 4;

    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        long batches = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        long perBatch = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int kills = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("spindle-soak-benchmark-");
        try (SpindleTestCluster cluster = SpindleTestCluster.builder().baseDir(dir.resolve("cluster")).start()) {
            System.out.println("soak benchmark: " + cluster.startupReport());
            Path input = dir.resolve("events.jsonl");
            long events = batches * perBatch + perBatch * 50; // a backlog until the last measurement
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(input),
                    StandardCharsets.UTF_8), 1 << 20)) {
                ClickstreamGenerator.write(out, events, 7, 1_000);
            }
            cluster.createTopic("clicks", PARTITIONS);
            InputLoader.load(input, new ClickstreamJob(), cluster.kafkaBootstrapServers(), "clicks", PARTITIONS);
            URI checkpoint = URI.create(cluster.fileSystem().getUri() + "/soak/checkpoint");
            ApplicationId app = submit(cluster, checkpoint, perBatch);
            System.out.printf("%,d events, %d partitions, %d records per batch, processing-time=10ms, 2 executors;"
                    + " %d executor kills before batch %d%n", events, PARTITIONS, perBatch, kills, batches * 2 / 5);

            Map<String, Long> firstLive = new TreeMap<>();
            long started = System.currentTimeMillis();
            for (long at : checkpoints(batches, kills)) {
                awaitBatch(cluster, checkpoint, Math.abs(at));
                if (at < 0) {
                    List<ContainerProcess> executors = executors(cluster, app);
                    ContainerProcess victim = executors.get(0);
                    victim.kill();
                    System.out.printf("batch %5d: killed executor %s%n", -at, victim.containerId());
                    continue;
                }
                for (ContainerProcess executor : executors(cluster, app)) {
                    long live = liveHeapBytes(executor.pid());
                    String id = executor.containerId().toString();
                    long first = firstLive.computeIfAbsent(id, k -> live);
                    System.out.printf("batch %5d: executor %s live heap after full GC %,12d B (%+.1f %% since its first"
                            + " measurement)%n", at, id, live, 100.0 * (live - first) / first);
                }
            }
            System.out.printf("%,d batches in %,d s%n", batches, (System.currentTimeMillis() - started) / 1000);
            cluster.yarnClient().killApplication(app);
        } finally {
            FileUtil.fullyDelete(dir.toFile());
        }
    }

    /** Where to measure (positive) and to kill an executor (negative): kills in the first two fifths. */
    private static List<Long> checkpoints(long batches, int kills) {
        TreeMap<Long, Long> points = new TreeMap<>();
        for (long at : new long[] {batches / 10, batches / 2, batches * 3 / 4, batches}) {
            points.put(at, at);
        }
        for (int k = 1; k <= kills; k++) {
            long at = batches * 2 / 5 * k / (kills + 1);
            points.put(at, -at);
        }
        return new ArrayList<>(points.values());
    }

    private static List<ContainerProcess> executors(SpindleTestCluster cluster, ApplicationId app) {
        return cluster.containerProcesses(app).stream().filter(process -> !process.isApplicationMaster()).toList();
    }

    /** What survives a full GC, from {@code jcmd GC.class_histogram}'s total line. */
    private static long liveHeapBytes(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        for (String line : output.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("Total")) {
                return Long.parseLong(fields[2]);
            }
        }
        throw new IllegalStateException("no total in jcmd " + pid + " GC.class_histogram: " + output);
    }

    private static void awaitBatch(SpindleTestCluster cluster, URI checkpointUri, long batch) throws Exception {
        try (Checkpoint checkpoint = Checkpoint.openForReading(checkpointUri, cluster.configuration())) {
            long deadline = System.currentTimeMillis() + 3_600_000;
            while (checkpoint.commits().latestBatch().orElse(-1) < batch) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("batch " + batch + " did not commit within an hour");
                }
                Thread.sleep(200);
            }
        }
    }

    private static ApplicationId submit(SpindleTestCluster cluster, URI checkpoint, long perBatch) throws Exception {
        Configuration conf = new Configuration(cluster.configuration());
        conf.set("spindle.source.max-records-per-batch", Long.toString(perBatch));
        conf.set("spindle.executors", "2");
        conf.set("spindle.yarn.executor.memory-mb", "256");
        conf.set("spindle.executor.state-memory", Long.toString(64L * 1024 * 1024));
        conf.set("spindle.yarn.am.memory-mb", "384");
        conf.set("spindle.zookeeper.session-timeout", "5s");
        JobSpec spec = new JobSpec("clickstream", "clicks", cluster.kafkaBootstrapServers(), checkpoint,
                URI.create(cluster.fileSystem().getUri() + "/soak/output"), "processing-time=10ms",
                cluster.zooKeeperConnectString(), "/soak", JobSpec.settingsOf(conf));
        return Submitter.submit(cluster.yarnClient(), spec, conf);
    }
}
