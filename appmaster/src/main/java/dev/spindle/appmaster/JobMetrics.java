package dev.spindle.appmaster;

import dev.spindle.api.Trigger;
import dev.spindle.runtime.coordination.ExecutorStats;
import dev.spindle.runtime.driver.BatchListener.BatchTimings;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.sink.OutputSink;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.retention.GcReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's metrics as the ApplicationMaster sees them after every committed batch, kept in
 * Micrometer meters and exposed in Prometheus's text format ({@link #scrape}) and, through
 * Hadoop's metrics system, over JMX ({@link JmxMetrics}). Every name and its meaning is in
 * docs/metrics.md. Labels are bounded: {@code phase} (five values), {@code partition} (the
 * input's partitions), {@code task} (the job's tasks), {@code executor} (the executors running
 * now: an executor's series go when it does) and {@code outcome} (two values).
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
    private final Map<String, AtomicLong> taskStateBytes = new ConcurrentHashMap<>();
    private final AtomicLong stateBytes = new AtomicLong();
    private final Counter snapshots;
    private final Counter snapshotBytes;
    /** Per task, the batch of the state its newest committed snapshot holds. */
    /** Each task's newest snapshot since this attempt began, by task: what the page shows and the lag is from. */
    private final Map<String, NewestSnapshot> newestSnapshots = new ConcurrentSkipListMap<>();
    private final AtomicLong snapshotLag = new AtomicLong(-1);
    private final Counter restoreFallbacks;
    private final AtomicLong retainedCommits = new AtomicLong();
    private final Counter gcDeletedFiles;
    private final Map<String, ExecutorMeters> executors = new ConcurrentHashMap<>();
    private volatile ExecutorPool pool;

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
        Gauge.builder("spindle.state.bytes", stateBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of the job's state as its tasks last reported it (RocksDB and in-memory indexes)")
                .register(registry);
        snapshots = Counter.builder("spindle.checkpoint.snapshots")
                .description("Task snapshots the committed batches named").register(registry);
        snapshotBytes = Counter.builder("spindle.checkpoint.snapshot.bytes").baseUnit("bytes")
                .description("Bytes the named snapshots uploaded (SST files a snapshot reuses are not uploaded again)")
                .register(registry);
        Gauge.builder("spindle.checkpoint.snapshot.lag.batches", snapshotLag, AtomicLong::get)
                .description("Batches of changelog a restore replays after the newest snapshot, at most over the tasks"
                        + " (-1: no snapshot committed since this attempt began)")
                .register(registry);
        restoreFallbacks = Counter.builder("spindle.restore.fallbacks")
                .description("Task restores that fell back to an older commit (damaged or missing files) and re-executed")
                .register(registry);
        Gauge.builder("spindle.checkpoint.retained.commits", retainedCommits, AtomicLong::get)
                .description("Commits the checkpoint keeps after its last garbage collection (0: none ran yet)")
                .register(registry);
        gcDeletedFiles = Counter.builder("spindle.checkpoint.gc.deleted.files")
                .description("Files the checkpoint's garbage collection deleted").register(registry);
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
        taskFigures(commit);
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

    /** State sizes, snapshots and restore fallbacks, from what each task reported of a committed batch. */
    private void taskFigures(BatchCommit commit) {
        long total = 0;
        for (Map.Entry<String, TaskCommit> entry : commit.tasks().entrySet()) {
            TaskCommit task = entry.getValue();
            long bytes = Long.parseLong(task.properties().getOrDefault("state_bytes", "0"));
            total += bytes;
            taskStateBytes.computeIfAbsent(entry.getKey(), name -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("spindle.task.state.bytes", value, AtomicLong::get).tag("task", name).baseUnit("bytes")
                        .description("Bytes of a task's state when it last ran (RocksDB and in-memory indexes)")
                        .register(registry);
                return value;
            }).set(bytes);
            if (task.snapshot() != null) {
                snapshots.increment();
                NewestSnapshot snapshot = new NewestSnapshot(task.snapshot().stateBatch(), commit.batch(),
                        Long.parseLong(task.properties().getOrDefault("snapshot_bytes", "0")));
                snapshotBytes.increment(snapshot.uploadedBytes());
                newestSnapshots.put(entry.getKey(), snapshot);
            }
            if (task.properties().containsKey("restore_fallback")) {
                restoreFallbacks.increment();
            }
        }
        stateBytes.set(total);
        long worst = -1;
        for (String task : commit.tasks().keySet()) {
            NewestSnapshot snapshot = newestSnapshots.get(task);
            if (snapshot != null) {
                worst = Math.max(worst, commit.batch() - snapshot.stateBatch());
            }
        }
        snapshotLag.set(worst);
    }

    /** A task's newest snapshot: the batch its state holds, the commit that named it, the bytes it uploaded. */
    record NewestSnapshot(long stateBatch, long namedBy, long uploadedBytes) {}

    /** Each task's newest snapshot since this attempt began, in task order. */
    Map<String, NewestSnapshot> newestSnapshots() {
        return java.util.Collections.unmodifiableMap(newestSnapshots);
    }

    /** The state bytes of all tasks as the last committed batch reported them. */
    long stateBytes() {
        return stateBytes.get();
    }

    /** The checkpoint's garbage collection ran. */
    void collected(GcReport report) {
        retainedCommits.set(Math.max(0, report.latest() - report.keepFrom() + 1));
        gcDeletedFiles.increment(report.deleted().size());
    }

    /** Adds the publisher's figures: batches rolled forward, Kafka transactions committed and found committed. */
    void watchPublishing(Publisher publisher) {
        FunctionCounter.builder("spindle.batches.rolled.forward", publisher, Publisher::rolledForward)
                .description("Batches an earlier attempt committed and this one published as it started")
                .register(registry);
        OutputSink sink = publisher.sink();
        FunctionCounter.builder("spindle.kafka.transactions", sink, OutputSink::transactionsCommitted)
                .tag("outcome", "committed").description("Kafka output transactions, by outcome: committed by this"
                        + " attempt, or found committed by a replayed publish and skipped")
                .register(registry);
        FunctionCounter.builder("spindle.kafka.transactions", sink, OutputSink::transactionsFoundCommitted)
                .tag("outcome", "found_committed").description("Kafka output transactions, by outcome: committed by"
                        + " this attempt, or found committed by a replayed publish and skipped")
                .register(registry);
    }

    /**
     * An executor's figures, reported with a task attempt: its JVM's heap, GC and CPU, and the stale
     * plans it refused. Executors no longer running lose their series here, so the label stays
     * bounded by the executors running.
     */
    void executorStats(ExecutorStats stats) {
        executors.computeIfAbsent(stats.executor(), id -> new ExecutorMeters(registry, stats)).update(stats);
        ExecutorPool watched = pool;
        if (watched == null) {
            return;
        }
        Set<String> running = new HashSet<>();
        watched.executors().forEach(executor -> running.add(executor.container()));
        executors.entrySet().removeIf(entry -> {
            if (running.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().remove(registry);
            return true;
        });
    }

    /** The last figures of each running executor that reported, by container id. */
    Map<String, ExecutorStats> executors() {
        Map<String, ExecutorStats> last = new TreeMap<>();
        executors.forEach((id, meters) -> last.put(id, meters.last));
        return last;
    }

    /** The meters of one executor; their values are its last report's. */
    private static final class ExecutorMeters {
        private volatile ExecutorStats last;
        private final List<Meter> meters;

        ExecutorMeters(MeterRegistry registry, ExecutorStats first) {
            last = first;
            String executor = first.executor();
            meters = List.of(
                    Gauge.builder("spindle.executor.heap.used.bytes", this, m -> m.last.heapUsedBytes()).tag("executor", executor)
                            .description("An executor's heap in use when it last reported").register(registry),
                    Gauge.builder("spindle.executor.heap.max.bytes", this, m -> m.last.heapMaxBytes()).tag("executor", executor)
                            .description("An executor's heap limit (-Xmx)").register(registry),
                    FunctionCounter.builder("spindle.executor.gc.seconds", this, m -> m.last.gcMillis() / 1000.0)
                            .tag("executor", executor).description("Time an executor's JVM spent in garbage collection")
                            .register(registry),
                    FunctionCounter.builder("spindle.executor.cpu.seconds", this, m -> m.last.cpuMillis() / 1000.0)
                            .tag("executor", executor).description("CPU time an executor's process used")
                            .register(registry),
                    FunctionCounter.builder("spindle.executor.stale.plans.refused", this, m -> m.last.stalePlansRefused())
                            .tag("executor", executor)
                            .description("Plans of a deposed leader (an older epoch) an executor refused")
                            .register(registry));
        }

        void update(ExecutorStats stats) {
            last = stats;
        }

        void remove(MeterRegistry registry) {
            meters.forEach(registry::remove);
        }
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
        this.pool = pool;
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
