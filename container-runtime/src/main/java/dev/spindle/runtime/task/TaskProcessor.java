package dev.spindle.runtime.task;

import dev.spindle.api.KeyBytes;
import dev.spindle.api.ParseResult;
import dev.spindle.api.SourceRecord;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.source.OffsetsGoneException;
import dev.spindle.runtime.source.OnDataLoss;
import dev.spindle.runtime.shuffle.KeyPartitioner;
import dev.spindle.runtime.shuffle.ShuffledValues;
import dev.spindle.runtime.source.PartitionSource;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.shuffle.ShuffleReader;
import dev.spindle.state.shuffle.ShuffleWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a job's operators over one task's planned range of one batch, against the task's state as
 * of the previous batch (through an overlay that collects this batch's changes, and a batch layer
 * over the committed {@link DedupIndex}):
 *
 * <ol>
 *   <li>each record in offset order: parse (malformed → dead letter), filter, map and join with
 *       static tables (the versions the plan pins), late when its
 *       event time is below the batch watermark, duplicate when an unexpired entry of its dedup
 *       key was accepted (in an earlier batch, or earlier in this one); after every
 *       {@value #CHUNK_RECORDS} remaining records (and after the last), the window state they read
 *       that is new to the batch is fetched from RocksDB in one batched lookup, and then
 *   <li>each of them in offset order is accepted into its window(s) ({@link KeyedOperator}:
 *       fixed or session windows);
 *   <li>then every window whose end the watermark has reached is emitted, in (window end, key
 *       bytes) order, and its state dropped.
 * </ol>
 *
 * Dedup entries are never deleted one by one: an expired entry is invisible to every later read
 * (the watermark never moves back), and the index drops it when it would grow.
 *
 * Everything depends on the plan and the state only: replaying a batch gives the same output.
 */
final class TaskProcessor {
    /** Records decided per batched state lookup: bounds what a task holds parsed at once. */
    static final int CHUNK_RECORDS = 8192;

    private final StreamJob job;
    private final OnDataLoss onDataLoss;

    TaskProcessor(StreamJob job, OnDataLoss onDataLoss) {
        this.job = job;
        this.onDataLoss = onDataLoss;
    }

    /**
     * The output of one task in one batch: its rows and dead letters, its counters, and for a task
     * that feeds a shuffle what it sends to the next stage (else null).
     */
    record Output(List<String> rows, List<String> deadLetters, TaskCounters counters, ShuffleWriter shuffle) {}

    /**
     * Runs a stage-0 task: its input range through the job's operators up to the windows, or up
     * to the shuffle when the job has one ({@code plan.shufflePartitions() > 0}).
     *
     * @param dedup the task's committed dedup entries: read only (an attempt may be abandoned)
     * @param newDedup receives the entries this batch accepts, for the caller to commit
     * @param tables the rows of the static tables the plan pins, by table name
     */
    Output process(PlannedBatch plan, int partition, PartitionSource.Reader reader, StateOverlay state,
            DedupIndex dedup, DedupIndex newDedup, Map<String, Map<String, String>> tables) throws IOException {
        TaskCounters counters = new TaskCounters();
        List<String> deadLetters = new ArrayList<>();
        Long watermark = plan.watermark();
        if (plan.shufflePartitions() > 0) {
            ShuffleWriter shuffle = new ShuffleWriter(plan.shufflePartitions());
            ShuffledValues values = new ShuffledValues(job.shuffle().codec());
            AcceptedSink toShuffle = (value, eventTime) -> {
                counters.accept(eventTime);
                byte[] key = KeyBytes.encode(job.key().apply(value));
                shuffle.add(KeyPartitioner.partition(key, plan.shufflePartitions()), key, values.encode(eventTime, value));
                counters.shuffledOut++;
            };
            read(reader, plan.starts().get(partition), plan.ends().get(partition), counters,
                    record -> prepare(record, watermark, counters, deadLetters, dedup, newDedup, tables, toShuffle));
            counters.deadLetters = deadLetters.size();
            return new Output(List.of(), deadLetters, counters, shuffle);
        }
        int records = (int) Math.min(1 << 22, plan.recordCount(partition));
        Windowing windowing = new Windowing(KeyedOperator.forBatch(job, state, plan), state, counters,
                Math.min(records, CHUNK_RECORDS));
        try {
            AcceptedSink toWindows = (value, eventTime) -> {
                counters.accept(eventTime);
                windowing.add(value, eventTime, job.key().apply(value));
            };
            read(reader, plan.starts().get(partition), plan.ends().get(partition), counters,
                    record -> prepare(record, watermark, counters, deadLetters, dedup, newDedup, tables, toWindows));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<String> rows = windowing.finish(watermark);
        counters.deadLetters = deadLetters.size();
        return new Output(rows, deadLetters, counters, null);
    }

    /**
     * Runs a task of the stage after the shuffle: its block of every upstream file, in upstream
     * partition order and within a block in the order written, into the windows; then emits.
     *
     * @param upstream the accepted shuffle file of every upstream task, in partition order
     */
    Output processShuffled(PlannedBatch plan, int partition, List<FileRef> upstream, CheckpointFs fs,
            StateOverlay state) throws IOException {
        TaskCounters counters = new TaskCounters();
        Windowing windowing = new Windowing(KeyedOperator.forBatch(job, state, plan), state, counters, CHUNK_RECORDS);
        ShuffledValues values = new ShuffledValues(job.shuffle().codec());
        try {
            for (FileRef file : upstream) {
                ShuffleReader.read(fs, file, partition, (key, value) -> {
                    ShuffledValues.Timed timed = values.decode(value);
                    counters.shuffledIn++;
                    windowing.add(timed.value(), timed.eventTime(), KeyBytes.decode(key));
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Output(windowing.finish(plan.watermark()), List.of(), counters, null);
    }

    /**
     * Values on their way into the windows: their state slots are fetched from RocksDB in one
     * batched lookup per chunk, then each is added in order; {@link #finish} emits what closed.
     */
    private static final class Windowing {
        private final KeyedOperator windows;
        private final StateOverlay state;
        private final TaskCounters counters;
        private final List<Candidate> candidates;

        Windowing(KeyedOperator windows, StateOverlay state, TaskCounters counters, int chunk) throws IOException {
            windows.start();
            this.windows = windows;
            this.state = state;
            this.counters = counters;
            this.candidates = new ArrayList<>(chunk);
        }

        void add(Object value, long eventTime, String key) {
            candidates.add(new Candidate(value, eventTime, key, windows.slots(value, eventTime, key)));
            if (candidates.size() == CHUNK_RECORDS) {
                flush();
            }
        }

        private void flush() {
            try {
                state.fetch();
                for (Candidate candidate : candidates) {
                    windows.add(candidate.slots(), candidate.value(), candidate.eventTime(), candidate.key());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            candidates.clear();
        }

        /** Adds what is left, writes the windows back, and emits those the watermark closed. */
        List<String> finish(Long watermark) throws IOException {
            try {
                flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            windows.finish();
            List<String> rows = windows.emit(watermark);
            counters.rowsOut = rows.size();
            return rows;
        }
    }

    /**
     * Reads the range; offsets of it that are gone from Kafka stop the batch, or with
     * {@link OnDataLoss#SKIP} are skipped and counted.
     */
    private void read(PartitionSource.Reader reader, long start, long end, TaskCounters counters,
            Consumer<SourceRecord> records) throws IOException {
        for (long from = start; from < end; ) {
            try {
                reader.read(from, end, records);
                return;
            } catch (OffsetsGoneException gone) {
                if (onDataLoss != OnDataLoss.SKIP) {
                    throw gone;
                }
                from = Math.min(end, gone.logStart());
                counters.offsetsSkipped += from - gone.from();
            }
        }
    }

    /** A value accepted into the windows, with the state slots it changes. */
    private record Candidate(Object value, long eventTime, String key, StateOverlay.Slot[] slots) {}


    /** Receives each value a record yields that passed every check, with its event time. */
    @FunctionalInterface
    private interface AcceptedSink {
        void accept(Object value, long eventTime);
    }

    /** Receives each value that comes out of a run of steps. */
    @FunctionalInterface
    private interface ValueSink {
        void accept(Object value);
    }

    /**
     * The checks of a record before its keyed stage: parse (malformed → dead letter), the steps
     * before event time, late, duplicate, the steps after; each value that passes goes to
     * {@code sink}, and each that stops is counted.
     */
    private void prepare(SourceRecord record, Long watermark, TaskCounters counters, List<String> deadLetters,
            DedupIndex dedup, DedupIndex newDedup, Map<String, Map<String, String>> tables, AcceptedSink sink) {
        counters.recordsIn++;
        ParseResult<?> parsed = job.parser().parse(record);
        if (parsed.isMalformed()) {
            counters.malformed++;
            deadLetters.add(DeadLetter.line(record, parsed.reason()));
            return;
        }
        runSteps(job.steps(), 0, parsed.value(), tables, counters, value -> {
            long eventTime = job.eventTime().applyAsLong(value);
            if (watermark != null && eventTime < watermark) {
                counters.late++;
                return;
            }
            if (job.dedupKey() != null
                    && isDuplicate(StateKeys.dedup(job.dedupKey().apply(value)), eventTime, watermark, dedup, newDedup)) {
                counters.duplicate++;
                return;
            }
            if (job.acceptedSteps().isEmpty()) {
                sink.accept(value, eventTime);
            } else {
                runSteps(job.acceptedSteps(), 0, value, tables, counters, each -> sink.accept(each, eventTime));
            }
        });
    }

    /**
     * Runs {@code steps} from {@code from} on a value: a filter may stop it, a map or join replaces
     * it, a flat-map runs the rest on each value it gives (none: the value counts as filtered;
     * each beyond the first counts as expanded). What comes out goes to {@code sink}.
     */
    private static void runSteps(List<StreamJob.Step> steps, int from, Object value,
            Map<String, Map<String, String>> tables, TaskCounters counters, ValueSink sink) {
        for (int i = from; i < steps.size(); i++) {
            StreamJob.Step step = steps.get(i);
            if (step instanceof StreamJob.Step.Filter filter) {
                if (!filter.predicate().test(value)) {
                    counters.filtered++;
                    return;
                }
            } else if (step instanceof StreamJob.Step.Join join) {
                value = join.joiner().apply(value, tables.get(join.table().name()).get(join.key().apply(value)));
            } else if (step instanceof StreamJob.Step.FlatMap flatMap) {
                int made = 0;
                for (Object each : flatMap.function().apply(value)) {
                    if (made++ > 0) {
                        counters.expanded++;
                    }
                    runSteps(steps, i + 1, each, tables, counters, sink);
                }
                if (made == 0) {
                    counters.filtered++;
                }
                return;
            } else {
                value = ((StreamJob.Step.Map) step).function().apply(value);
            }
        }
        sink.accept(value);
    }

    /**
     * Checks the key's entry (this batch's first, then the committed one) and, when the value is
     * not a duplicate, records it as the key's entry in this batch.
     */
    private boolean isDuplicate(byte[] key, long eventTime, Long watermark, DedupIndex dedup, DedupIndex newDedup) {
        int hash = DedupIndex.hash(key);
        int ownSlot = newDedup.find(key, hash);
        if (ownSlot >= 0) { // accepted earlier in this batch
            if (watermark == null || !isExpired(newDedup.timeAt(ownSlot), job.dedupTtlMillis(), watermark)) {
                return true;
            }
            newDedup.replaceAt(ownSlot, eventTime);
            return false;
        }
        int slot = dedup.find(key, hash);
        if (slot >= 0 && (watermark == null || !isExpired(dedup.timeAt(slot), job.dedupTtlMillis(), watermark))) {
            return true;
        }
        newDedup.add(key, hash, eventTime, false); // new, or replacing an expired entry
        return false;
    }

    /** True when the entry of a value with event time {@code time} has expired at {@code watermark}. */
    static boolean isExpired(long time, long ttl, long watermark) {
        return expiry(time, ttl) <= watermark;
    }

    /** {@code time + ttl}, saturating instead of overflowing. */
    private static long expiry(long time, long ttl) {
        long sum = time + ttl;
        return ((time ^ sum) & (ttl ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
