package dev.spindle.runtime.driver;

import dev.spindle.api.Trigger;
import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.plan.BatchPlanner;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.runtime.source.OnDataLoss;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.runtime.table.PinnedTables;
import dev.spindle.runtime.task.TaskCounters;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.BatchPlan;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.RetentionSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job batch by batch — the one piece of code local mode and the YARN ApplicationMaster
 * share; only {@link BatchExecutors} differs. Recovery, as Spark's {@code MicroBatchExecution}
 * spells it out: the newest commit is the last finished batch (its publish is rolled forward), a
 * plan after it is a batch to run again exactly as planned. Then, per batch {@code b}:
 *
 * <ol>
 *   <li>plan: {@code offsets/<b>} is written before any task runs (write-once; a plan found there
 *       is followed), pinning the versions of the static tables the job joins against;
 *   <li>execute: every task runs one attempt from the state {@code commits/<b-1>} names, writes its
 *       changelog and staged output, and reports;
 *   <li>commit: {@code commits/<b>} names the accepted attempt of every task, the batch's counters,
 *       the largest accepted event time so far and, for the last batch of an available-now run,
 *       that the run ended;
 *   <li>publish: staged output gets its final names, then {@code sinks/published/<b>}.
 * </ol>
 */
public final class BatchDriver {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDriver.class);
    static final String MAX_EVENT_TIME = "max_event_time";
    static final String AVAILABLE_NOW_ENDED = "available_now_ended";
    static final int MAX_SHUFFLE_PARTITIONS = 10_000;

    private final StreamJob job;
    private final Checkpoint checkpoint;
    private final BatchExecutors executors;
    private final Publisher publisher;
    private final BatchPlanner planner;
    private final PartitionSource source;
    private final Trigger trigger;
    private final RunSettings settings;
    private final Clock clock;
    private final BatchListener listener;
    private final PinnedTables tables;
    private volatile boolean stopRequested;

    public BatchDriver(StreamJob job, Checkpoint checkpoint, PartitionSource source, BatchExecutors executors,
            Publisher publisher, RunSettings settings, Clock clock, BatchListener listener) {
        this.job = job;
        this.checkpoint = checkpoint;
        this.executors = executors;
        this.publisher = publisher;
        this.source = source;
        this.trigger = settings.trigger();
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.planner = new BatchPlanner(source, settings.topic(), settings.maxRecordsPerBatch(),
                job.watermarkDelayMillis(), job.topology(), shufflePartitions(job, settings.jobSettings()),
                settings.onDataLoss(), clock);
        this.tables = new PinnedTables(job.tables(), settings.jobSettings(), checkpoint.fs());
    }

    /**
     * The task count after the job's shuffle: 0 without one, -1 for the default (the input's
     * partition count), else the {@code repartition} count or {@value StreamJob#SHUFFLE_PARTITIONS_SETTING}.
     *
     * @throws InvalidSettingException when the setting is not a count from 1 to {@value #MAX_SHUFFLE_PARTITIONS}
     */
    public static int shufflePartitions(StreamJob job, Function<String, String> settings) {
        if (job.shuffle() == null) {
            return 0;
        }
        if (job.shuffle().partitions() > 0) {
            return job.shuffle().partitions();
        }
        String value = settings.apply(StreamJob.SHUFFLE_PARTITIONS_SETTING);
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            int partitions = Integer.parseInt(value.trim());
            if (partitions >= 1 && partitions <= MAX_SHUFFLE_PARTITIONS) {
                return partitions;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidSettingException(StreamJob.SHUFFLE_PARTITIONS_SETTING + " must be a whole number from 1 to "
                + MAX_SHUFFLE_PARTITIONS + ", got '" + value + "'");
    }

    /** Asks a running processing-time run to stop after its current batch. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Recovers, then runs batches until the trigger says stop, or {@link #stop} is called.
     *
     * @return what this run committed; status SUCCEEDED when the trigger ended the run (once,
     *     available-now), STOPPED when {@link #stop} ended it first (always, for processing-time)
     * @throws IOException when the run cannot go on (the message says why in one line)
     */
    public RunSummary run() throws IOException, InterruptedException {
        long begin = clock.millis();
        RunSummary summary = new RunSummary();
        tables.current(); // a bad table stops the run before its first batch
        long epoch = executors.claimEpoch(nextEpoch());
        long latest = checkpoint.commits().latestBatch().orElse(-1);
        if (latest >= 0) {
            publisher.rollForward(commit(latest));
        }
        RunTargets run = RunTargets.forRun(trigger, latestPlan(), latest < 0 ? null : commit(latest), source);
        boolean triggerEnded = false;
        while (!stopRequested && !triggerEnded) {
            long batchStart = clock.millis();
            Optional<PlannedBatch> next = nextPlan(latest + 1, epoch, run);
            long planned = clock.millis();
            if (next.isEmpty()) {
                if (!(trigger instanceof Trigger.ProcessingTime interval)) {
                    triggerEnded = true;
                    continue;
                }
                listener.idle(planned);
                sleepUntil(batchStart + interval.interval().toMillis());
                continue;
            }
            PlannedBatch plan = next.get();
            long[] phases = new long[3];
            BatchCommit commit = runBatch(plan, epoch, latest, phases);
            latest = plan.batch();
            summary.add(commit);
            long end = clock.millis();
            listener.committed(plan, commit, new BatchListener.BatchTimings(planned - batchStart, phases[0] - planned,
                    phases[1] - phases[0], phases[2] - phases[1], end - batchStart));
            triggerEnded = trigger instanceof Trigger.Once
                    || (trigger instanceof Trigger.AvailableNow && commit.properties().containsKey(AVAILABLE_NOW_ENDED));
            if (!triggerEnded && trigger instanceof Trigger.ProcessingTime interval) {
                sleepUntil(batchStart + interval.interval().toMillis());
            }
        }
        summary.finish(triggerEnded ? RunSummary.SUCCEEDED : RunSummary.STOPPED, null, clock.millis() - begin);
        return summary;
    }

    private Optional<PlannedBatch> nextPlan(long batch, long epoch, RunTargets run) throws IOException {
        Optional<BatchPlan> stored = checkpoint.offsets().get(batch);
        if (stored.isPresent()) { // planned before a crash: redo it, on the same input
            PlannedBatch plan = PlannedBatch.fromJson(batch, stored.get().planJson());
            planner.checkStillReadable(plan);
            return Optional.of(plan);
        }
        PlannedBatch previous = batch == 0 ? null : plan(batch - 1);
        Long maxEventTime = batch == 0 ? null : maxEventTime(commit(batch - 1));
        Optional<PlannedBatch> plan = planner.next(batch, previous, maxEventTime, trigger.toString(), run.runId(),
                run.targets(), tables.current());
        if (plan.isEmpty()) {
            return plan;
        }
        BatchPlan written = checkpoint.offsets().add(new BatchPlan(batch, epoch, plan.get().toJson()));
        warnIfOtherWriter("offsets", batch, written.epoch(), epoch);
        CrashPoints.reached(CrashPoints.AFTER_PLAN, batch);
        return Optional.of(PlannedBatch.fromJson(batch, written.planJson()));
    }

    /** Runs a planned batch; {@code phases} receives the times execution, commit and publish ended. */
    private BatchCommit runBatch(PlannedBatch plan, long epoch, long previous, long[] phases)
            throws IOException, InterruptedException {
        Map<String, TaskReport> reports = executors.execute(plan, epoch);
        phases[0] = clock.millis();
        CrashPoints.reached(CrashPoints.BEFORE_COMMIT, plan.batch());
        Long maxEventTime = previous < 0 ? null : maxEventTime(commit(previous));
        SortedMap<String, TaskCommit> tasks = new TreeMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (TaskReport report : reports.values()) {
            tasks.put(report.task(), report.toTaskCommit());
            Map<String, String> counters = report.counters().toProperties();
            for (String name : TaskCounters.NAMES) {
                totals.merge(name, Long.parseLong(counters.getOrDefault(name, "0")), Long::sum);
            }
            Long taskMax = report.counters().maxAcceptedEventTime();
            if (taskMax != null) {
                maxEventTime = maxEventTime == null ? taskMax : Math.max(maxEventTime, taskMax);
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : TaskCounters.NAMES) {
            properties.put(name, Long.toString(totals.getOrDefault(name, 0L)));
        }
        if (maxEventTime != null) {
            properties.put(MAX_EVENT_TIME, Long.toString(maxEventTime));
        }
        Long nextWatermark = BatchPlanner.nextWatermark(plan.watermark(), maxEventTime, job.watermarkDelayMillis());
        boolean watermarkWouldMove = nextWatermark != null && !nextWatermark.equals(plan.watermark());
        if (plan.trigger().equals("available-now") && plan.reachesTargets() && !watermarkWouldMove) {
            properties.put(AVAILABLE_NOW_ENDED, "true");
        }
        BatchCommit commit = checkpoint.commits().add(
                new BatchCommit(plan.batch(), epoch, clock.millis(), tasks, properties));
        warnIfOtherWriter("commits", plan.batch(), commit.epoch(), epoch);
        CrashPoints.reached(CrashPoints.AFTER_COMMIT, plan.batch());
        executors.committed(commit);
        phases[1] = clock.millis();
        publisher.publish(commit);
        phases[2] = clock.millis();
        CrashPoints.reached(CrashPoints.AFTER_PUBLISH, plan.batch());
        if ((plan.batch() + 1) % settings.gcEveryBatches() == 0) {
            collectGarbage();
        }
        return commit;
    }

    /** I1 at work: another driver won the position first, and this one follows its entry. */
    private static void warnIfOtherWriter(String log, long batch, long writtenEpoch, long epoch) {
        if (writtenEpoch != epoch) {
            LOG.warn("{}/{} was already written by epoch {} (this driver has epoch {}): following it", log, batch,
                    writtenEpoch, epoch);
        }
    }

    private void collectGarbage() {
        try {
            listener.collected(new GarbageCollector(checkpoint, settings.retention(), clock)
                    .collect(OptionalLong.empty(), false));
        } catch (IOException e) {
            LOG.warn("Checkpoint GC failed; the next one will retry: {}", e.getMessage());
        }
    }

    /** This run's epoch: newer than any that wrote the logs, so the logs refuse older writers. */
    private long nextEpoch() throws IOException {
        long epoch = 0;
        OptionalLong plan = checkpoint.offsets().latestBatch();
        if (plan.isPresent()) {
            epoch = checkpoint.offsets().get(plan.getAsLong()).orElseThrow().epoch();
        }
        OptionalLong commit = checkpoint.commits().latestBatch();
        if (commit.isPresent()) {
            epoch = Math.max(epoch, commit(commit.getAsLong()).epoch());
        }
        return epoch + 1;
    }

    /** The newest plan, committed or not; null for a new checkpoint. */
    private PlannedBatch latestPlan() throws IOException {
        OptionalLong batch = checkpoint.offsets().latestBatch();
        return batch.isEmpty() ? null : plan(batch.getAsLong());
    }

    private PlannedBatch plan(long batch) throws IOException {
        BatchPlan stored = checkpoint.offsets().get(batch).orElseThrow(
                () -> new IOException("offsets/" + batch + " is missing from " + checkpoint.fs().root()));
        return PlannedBatch.fromJson(batch, stored.planJson());
    }

    private BatchCommit commit(long batch) throws IOException {
        return checkpoint.commits().get(batch).orElseThrow(
                () -> new IOException("commits/" + batch + " is missing from " + checkpoint.fs().root()));
    }

    static Long maxEventTime(BatchCommit commit) {
        String value = commit.properties().get(MAX_EVENT_TIME);
        return value == null ? null : Long.parseLong(value);
    }

    private void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - clock.millis();
        while (wait > 0 && !stopRequested) {
            Thread.sleep(Math.min(wait, 100));
            wait = millis - clock.millis();
        }
    }

    /**
     * The trigger, topic and rate limit of a run, what it does about lost input, how it keeps its
     * checkpoint tidy, and the job's own settings ({@code spindle.job.*}: its tables' files).
     */
    public record RunSettings(Trigger trigger, String topic, long maxRecordsPerBatch, OnDataLoss onDataLoss,
            RetentionSettings retention, int gcEveryBatches, Function<String, String> jobSettings) {

        /** Settings of a job without settings of its own. */
        public RunSettings(Trigger trigger, String topic, long maxRecordsPerBatch, OnDataLoss onDataLoss,
                RetentionSettings retention, int gcEveryBatches) {
            this(trigger, topic, maxRecordsPerBatch, onDataLoss, retention, gcEveryBatches, name -> null);
        }

        /** The settings of a run of {@code topic} with {@code trigger}, the rest from the configuration. */
        public static RunSettings read(Trigger trigger, String topic, Function<String, String> conf) {
            return new RunSettings(trigger, topic, EngineOptions.MAX_RECORDS_PER_BATCH.read(conf),
                    EngineOptions.ON_DATA_LOSS.read(conf), RetentionSettings.read(conf),
                    EngineOptions.GC_EVERY_BATCHES.read(conf), conf);
        }
    }

    /**
     * The targets of an available-now run: those of the run an interrupted one left unfinished
     * (its plans carry them), or the end offsets when this run starts. Null targets: other triggers
     * read up to the end offsets of the moment each batch is planned.
     */
    private record RunTargets(String runId, SortedMap<Integer, Long> targets) {
        static RunTargets forRun(Trigger trigger, PlannedBatch latestPlan, BatchCommit latestCommit,
                PartitionSource source) throws IOException {
            String runId = UUID.randomUUID().toString();
            if (!(trigger instanceof Trigger.AvailableNow)) {
                return new RunTargets(runId, null);
            }
            if (latestPlan != null && latestPlan.trigger().equals("available-now")) {
                boolean pending = latestCommit == null || latestPlan.batch() > latestCommit.batch();
                if (pending || !latestCommit.properties().containsKey(AVAILABLE_NOW_ENDED)) {
                    return new RunTargets(latestPlan.runId(), latestPlan.targets());
                }
            }
            return new RunTargets(runId, source.endOffsets());
        }
    }
}
