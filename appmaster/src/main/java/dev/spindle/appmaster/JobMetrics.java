package dev.spindle.appmaster;

import dev.spindle.api.Trigger;
import dev.spindle.runtime.driver.BatchListener.BatchTimings;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.TaskCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's metrics as the ApplicationMaster sees them after every committed batch, kept in
 * Micrometer meters and exposed in Prometheus's text format ({@link #scrape}) and, through
 * Hadoop's metrics system, over JMX ({@link JmxMetrics}). Every name and its meaning is in
 * docs/metrics.md. Labels are bounded: {@code phase} (five values) and {@code partition} (the
 * input's partitions).
 */
final class JobMetrics {
    /**
     * The histogram buckets of durations, 10 ms to 10 min: Prometheus computes quantiles from them
     * ({@code histogram_quantile}), across AM attempts and jobs, which client-side quantiles cannot.
     */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofMinutes(10)};
    private static final String[] RECORD_COUNTERS = {"records_in", "records_malformed", "records_filtered",
        "records_late", "records_duplicate", "records_accepted", "records_expanded", "rows_out", "dead_letters",
        "offsets_skipped"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter batches;
    private final Map<String, Counter> records = new ConcurrentHashMap<>();
    private final Map<String, Timer> phases = new ConcurrentHashMap<>();
    private final Timer endToEnd;
    private final Counter changelogBytes;
    private final Counter outputBytes;
    private final Counter shuffleBytes;
    private final AtomicLong lag = new AtomicLong();
    private final Map<Integer, AtomicLong> partitionLag = new ConcurrentHashMap<>();
    private final AtomicLong watermarkMillis = new AtomicLong(-1);
    private final AtomicLong lastCommitMillis = new AtomicLong(-1);
    private final AtomicLong filesWritten = new AtomicLong();
    private final AtomicLong heartbeatMillis = new AtomicLong(System.currentTimeMillis());

    JobMetrics(String job, String trigger, int amAttempt, Epoch epoch, Progress progress) {
        registry.config().commonTags("spindle_job", job);
        double interval = Trigger.parse(trigger) instanceof Trigger.ProcessingTime time
                ? time.interval().toMillis() / 1000.0 : 0;
        Gauge.builder("spindle.trigger.interval.seconds", () -> interval)
                .description("The processing-time trigger's interval (0: available-now or once)").register(registry);
        Gauge.builder("spindle.driver.heartbeat.seconds", heartbeatMillis, millis -> millis.get() / 1000.0)
                .description("When the driver last committed a batch or found nothing to do, seconds since the epoch")
                .register(registry);
        batches = Counter.builder("spindle.batches.committed").description("Batches committed").register(registry);
        for (String name : RECORD_COUNTERS) {
            records.put(name, Counter.builder("spindle." + name.replace('_', '.'))
                    .description("Sum of the committed batches' " + name + " counter").register(registry));
        }
        for (String phase : new String[] {"plan", "execute", "commit", "publish", "total"}) {
            phases.put(phase, Timer.builder("spindle.batch.duration").tag("phase", phase)
                    .description("Time a committed batch spent in a phase (total: all of them)")
                    .serviceLevelObjectives(DURATION_BUCKETS)
                    .register(registry));
        }
        endToEnd = Timer.builder("spindle.end.to.end.latency")
                .description("Commit time minus the largest event time the job has accepted")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
        changelogBytes = Counter.builder("spindle.checkpoint.changelog.bytes").baseUnit("bytes")
                .description("Bytes of state changelog the committed batches wrote").register(registry);
        outputBytes = Counter.builder("spindle.output.bytes").baseUnit("bytes")
                .description("Bytes of output files the committed batches published").register(registry);
        shuffleBytes = Counter.builder("spindle.shuffle.bytes").baseUnit("bytes")
                .description("Bytes of shuffle files the committed batches wrote").register(registry);
        Gauge.builder("spindle.lag.records", lag, AtomicLong::get)
                .description("Records in the topic beyond the last committed batch when it was planned").register(registry);
        Gauge.builder("spindle.watermark.seconds", watermarkMillis, millis -> millis.get() / 1000.0)
                .description("The last committed batch's watermark, seconds since the epoch (-0.001: none yet)")
                .register(registry);
        Gauge.builder("spindle.last.commit.seconds", lastCommitMillis, millis -> millis.get() / 1000.0)
                .description("When the last batch committed, seconds since the epoch").register(registry);
        Gauge.builder("spindle.batch.files", filesWritten, AtomicLong::get)
                .description("Files the last committed batch wrote (changelogs, outputs, shuffle)").register(registry);
        Gauge.builder("spindle.leader.epoch", epoch, Epoch::current).description("This AM's leader epoch (0: standby)")
                .register(registry);
        Gauge.builder("spindle.am.attempt", () -> amAttempt)
                .description("The YARN attempt of this ApplicationMaster (above 1: AM failovers)").register(registry);
        Gauge.builder("spindle.progress", progress, Progress::current)
                .description("The progress this AM reports to YARN (0..1)").register(registry);
    }

    /** The current leader epoch, read when scraped. */
    interface Epoch {
        double current();
    }

    /** The current progress, read when scraped. */
    interface Progress {
        double current();
    }

    void committed(PlannedBatch plan, BatchCommit commit, BatchTimings timings) {
        batches.increment();
        records.forEach((name, counter) -> counter.increment(
                Long.parseLong(commit.properties().getOrDefault(name, "0"))));
        phases.get("plan").record(Duration.ofMillis(timings.planMillis()));
        phases.get("execute").record(Duration.ofMillis(timings.executeMillis()));
        phases.get("commit").record(Duration.ofMillis(timings.commitMillis()));
        phases.get("publish").record(Duration.ofMillis(timings.publishMillis()));
        phases.get("total").record(Duration.ofMillis(timings.totalMillis()));
        String maxEventTime = commit.properties().get("max_event_time");
        if (maxEventTime != null) {
            endToEnd.record(Duration.ofMillis(Math.max(0, commit.committedAtMillis() - Long.parseLong(maxEventTime))));
        }
        long files = 0;
        for (TaskCommit task : commit.tasks().values()) {
            if (task.changelog() != null) {
                changelogBytes.increment(task.changelog().length());
                files++;
            }
            if (task.shuffle() != null) {
                shuffleBytes.increment(task.shuffle().length());
                files++;
            }
            for (OutputFile output : task.outputs()) {
                outputBytes.increment(output.length());
                files++;
            }
        }
        filesWritten.set(files);
        long total = 0;
        for (Map.Entry<Integer, Long> target : plan.targets().entrySet()) {
            long behind = target.getValue() - plan.ends().getOrDefault(target.getKey(), target.getValue());
            total += behind;
            partitionLag.computeIfAbsent(target.getKey(), partition -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("spindle.partition.lag.records", value, AtomicLong::get).tag("partition", partition.toString())
                        .description("Records in the partition beyond the last committed batch when it was planned")
                        .register(registry);
                return value;
            }).set(behind);
        }
        lag.set(total);
        watermarkMillis.set(plan.watermark() == null ? -1 : plan.watermark());
        lastCommitMillis.set(commit.committedAtMillis());
        heartbeatMillis.set(commit.committedAtMillis());
    }

    /** A trigger found nothing to do: the driver is alive and caught up. */
    void idle(long atMillis) {
        heartbeatMillis.set(atMillis);
        lag.set(0);
        partitionLag.values().forEach(value -> value.set(0));
    }

    /** Adds the count of task attempts the AM gave up and ran again. */
    void watchTasks(java.util.function.LongSupplier reassigned) {
        FunctionCounter.builder("spindle.task.attempts.reassigned", reassigned, supplier -> supplier.getAsLong())
                .description("Task attempts run again as new attempts: their executor died or they did not report in time")
                .register(registry);
    }

    /** Adds the executor pool's figures: executors running, and executors lost (churn). */
    void watch(ExecutorPool pool) {
        Gauge.builder("spindle.executors.running", pool, p -> p.executors().size())
                .description("Executor containers running now").register(registry);
        Gauge.builder("spindle.executors.wanted", pool, ExecutorPool::wanted)
                .description("Executor containers the job keeps running").register(registry);
        FunctionCounter.builder("spindle.executors.lost", pool, ExecutorPool::lost)
                .description("Executor containers that ended while the job ran (killed, crashed, stopped as hung)")
                .register(registry);
    }

    /** Every metric in Prometheus's text exposition format. */
    String scrape() {
        return registry.scrape();
    }

    MeterRegistry registry() {
        return registry;
    }
}
