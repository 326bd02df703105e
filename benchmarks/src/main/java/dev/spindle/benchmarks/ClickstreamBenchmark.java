package dev.spindle.benchmarks;

import dev.spindle.api.ParseResult;
import dev.spindle.api.SourceRecord;
import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.examples.clickstream.Click;
import dev.spindle.examples.clickstream.ClickParser;
import dev.spindle.examples.clickstream.ClickstreamGenerator;
import dev.spindle.examples.clickstream.ClickstreamJob;
import dev.spindle.examples.sessions.SessionsJob;
import dev.spindle.examples.urltrends.UrlTrendsJob;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.local.LocalRun;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.runtime.source.KafkaPartitionSource;
import dev.spindle.testkit.KafkaBroker;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Clickstream in local mode against the limit of its input: 2,000,000 generated events in a
 * 4-partition topic of a local broker; a plain KafkaConsumer that reads the topic, parses each
 * record with the same parser and counts per (window, user) in a HashMap (the limit), then
 * Spindle, checkpoint on, at {@code max-records-per-batch} 10k, 100k and 1M, the limit measured
 * again right before each size. Each is run once untimed first (a warm-up), so both are measured
 * with their code compiled. Prints records/s and the process's CPU time per record for each, and
 * for Spindle its p99 batch duration and its share of the limit measured next to it. At 100k
 * Spindle also runs the {@code sessions} and {@code url-trends} reference jobs on the same input
 * (url-trends shuffles into 4 tasks and joins a table of half the users), and clickstream without
 * {@code dropDuplicates}: not the workload, but the share of the gap to the limit that
 * deduplication's state accounts for.
 *
 * <p>Args (optional): events, then Spindle settings as {@code key=value} (e.g.
 * {@code spindle.state.snapshot-every-batches=5}); with {@code spindle.source.max-records-per-batch}
 * set, Spindle runs at that size only. Run with {@code benchmarks/run clickstream}.
 */
public final class ClickstreamBenchmark {
    private static final String TOPIC = "clicks";
    private static final int PARTITIONS = 4;
    private static final int USERS = 10_000;

    private ClickstreamBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        Map<String, String> settings = new java.util.TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            if (setting.length != 2) {
                throw new IllegalArgumentException("a setting is key=value, got: " + args[i]);
            }
            settings.put(setting[0], setting[1]);
        }
        // At 1M records per batch a task holds about 250,000 open windows and 150,000 dedup entries
        // between batches: with two tasks per executor, more than the default 256 MB budget. This
        // JVM has 4 GB of heap for two executors, so each may take 1 GB, as a user would set it.
        settings.putIfAbsent("spindle.executor.index-memory", Long.toString(1L << 30));
        Path dir = Files.createTempDirectory("spindle-clickstream-benchmark-");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), Map.of())) {
            broker.createTopic(TOPIC, PARTITIONS);
            Path input = dir.resolve("events.jsonl");
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(input),
                    StandardCharsets.UTF_8), 1 << 20)) {
                ClickstreamGenerator.write(out, events, 42, USERS);
            }
            long loadBegin = System.nanoTime();
            InputLoader.load(input, new ClickstreamJob(), broker.bootstrapServers(), TOPIC, PARTITIONS);
            System.out.printf("clickstream benchmark: %,d events in %d partitions, loaded in %.1f s%n", events,
                    PARTITIONS, (System.nanoTime() - loadBegin) / 1e9);

            // One untimed pass of each first, so that both are measured with their code compiled
            // (as a long-running job is), not one warm against the other cold.
            plainConsumer(broker.bootstrapServers(), events);
            String perBatchSetting = settings.remove("spindle.source.max-records-per-batch");
            double[] warmUp = spindle(new ClickstreamJob().create(), broker.bootstrapServers(), dir.resolve("warm-up"),
                    100_000, settings);
            System.out.printf("%-34s %,10.0f records/s  (untimed pass, not a figure)%n", "spindle warm-up, 100000", warmUp[0]);
            long[] sizes = perBatchSetting == null ? new long[] {10_000, 100_000, 1_000_000}
                    : new long[] {Long.parseLong(perBatchSetting)};
            for (long perBatch : sizes) {
                // The limit right before each run: this machine's speed drifts over minutes, and a
                // ratio of two adjacent measurements drifts far less than one against a single limit.
                System.gc(); // both start from a heap without the previous run's garbage
                long cpuBefore = processCpuNanos();
                double limit = plainConsumer(broker.bootstrapServers(), events);
                double limitCpu = (processCpuNanos() - cpuBefore) / 1e3 / events;
                System.out.printf("%-34s %,10.0f records/s  CPU %.1f µs per record%n", "limit: KafkaConsumer + HashMap",
                        limit, limitCpu);
                runSpindle("spindle, max-records-per-batch " + perBatch, new ClickstreamJob().create(),
                        broker.bootstrapServers(), dir.resolve("run-" + perBatch), perBatch, settings, events, limit);
                if (perBatch == 100_000) {
                    runSpindle("spindle without dropDuplicates",
                            ClickstreamJob.withoutDeduplication(), broker.bootstrapServers(),
                            dir.resolve("run-without-dedup"), perBatch, settings, events, limit);
                    runSpindle("spindle, the sessions job", new SessionsJob().create(), broker.bootstrapServers(),
                            dir.resolve("run-sessions"), perBatch, settings, events, limit);
                    Map<String, String> urlTrends = new java.util.TreeMap<>(settings);
                    urlTrends.put(UrlTrendsJob.USERS.pathSetting(), usersTable(dir).toUri().toString());
                    runSpindle("spindle, the url-trends job", new UrlTrendsJob().create(), broker.bootstrapServers(),
                            dir.resolve("run-url-trends"), perBatch, urlTrends, events, limit);
                }
            }
        } finally {
            FileUtil.fullyDelete(dir.toFile());
        }
    }

    /** A users table for url-trends: a country for every other one of the generator's users. */
    private static Path usersTable(Path dir) throws java.io.IOException {
        StringBuilder table = new StringBuilder("user,country\n");
        String[] countries = {"de", "fr", "it", "es", "pl", "nl", "se"};
        for (int user = 0; user < USERS; user += 2) {
            table.append('u').append(user).append(',').append(countries[user % countries.length]).append('\n');
        }
        Path file = dir.resolve("users.csv");
        Files.writeString(file, table.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * CPU time of this whole process (the broker included), which machine noise disturbs less than
     * wall time: a second view of where the two differ.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Reads the whole topic, parses every record and counts per (window, user): records per second. */
    private static double plainConsumer(String bootstrap, long events) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        ClickParser parser = new ClickParser();
        Map<String, long[]> counts = new HashMap<>();
        long read = 0;
        long begin = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    ParseResult<Click> click = parser.parse(new SourceRecord(record.partition(), record.offset(),
                            record.key(), record.value(), record.timestamp()));
                    if (!click.isMalformed()) {
                        long window = click.value().ts() - Math.floorMod(click.value().ts(), 10_000);
                        counts.computeIfAbsent(window + "/" + click.value().user(), k -> new long[1])[0]++;
                    }
                }
            }
        }
        return read / ((System.nanoTime() - begin) / 1e9);
    }

    /** One timed run of {@code job}: prints its records/s, CPU per record, p99 batch and share of {@code limit}. */
    private static void runSpindle(String label, StreamJob job, String bootstrap, Path dir, long perBatch,
            Map<String, String> settings, long events, double limit) throws Exception {
        System.gc();
        long cpuBefore = processCpuNanos();
        double[] spindle = spindle(job, bootstrap, dir, perBatch, settings);
        double spindleCpu = (processCpuNanos() - cpuBefore) / 1e3 / events;
        System.out.printf("%-34s %,10.0f records/s  CPU %.1f µs per record  p99 batch %,6.0f ms  = %.0f %% of the"
                + " limit%n", label, spindle[0], spindleCpu, spindle[1], 100 * spindle[0] / limit);
    }

    /** One available-now run of {@code job} in local mode: records per second and p99 batch duration. */
    private static double[] spindle(StreamJob job, String bootstrap, Path dir, long perBatch, Map<String, String> settings)
            throws Exception {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        conf.set("spindle.source.max-records-per-batch", Long.toString(perBatch));
        conf.set("spindle.executor.local-dir", dir.resolve("local").toString());
        List<Long> durations = new ArrayList<>();
        long[] phases = new long[6];
        long begin = System.nanoTime();
        RunSummary summary;
        try (KafkaPartitionSource source = new KafkaPartitionSource(bootstrap, TOPIC)) {
            summary = new LocalRun().run(new LocalRun.Settings(job, TOPIC, source, dir.resolve("checkpoint").toUri(),
                    OutputLocation.under(dir.resolve("output").toUri()), new Trigger.AvailableNow(), conf),
                    (plan, commit, timings) -> {
                        durations.add(timings.totalMillis());
                        phases[0] += timings.planMillis();
                        phases[1] += timings.executeMillis();
                        phases[2] += timings.commitMillis();
                        phases[3] += timings.publishMillis();
                        for (var task : commit.tasks().values()) {
                            phases[4] += Long.parseLong(task.properties().getOrDefault("process_ms", "0"));
                            phases[5] += Long.parseLong(task.properties().getOrDefault("persist_ms", "0"));
                        }
                    });
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("    %d batches in %.1f s: plan %.1f s, execute %.1f s (tasks: process %.1f s, persist %.1f s),"
                + " commit %.1f s, publish %.1f s%n", durations.size(), seconds, phases[0] / 1e3, phases[1] / 1e3,
                phases[4] / 1e3, phases[5] / 1e3, phases[2] / 1e3, phases[3] / 1e3);
        durations.sort(null);
        double p99 = durations.isEmpty() ? 0 : durations.get((int) Math.ceil(durations.size() * 0.99) - 1);
        return new double[] {summary.recordsIn() / seconds, p99};
    }
}
