package dev.spindle.runtime.task;

import dev.spindle.api.ParseResult;
import dev.spindle.api.SourceRecord;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.source.OffsetsGoneException;
import dev.spindle.runtime.source.OnDataLoss;
import dev.spindle.runtime.source.PartitionSource;
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
 *   <li>each of them in offset order is accepted into its window(s) ({@link WindowOperator}:
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

    /** The output of one task in one batch. */
    record Output(List<String> rows, List<String> deadLetters, TaskCounters counters) {}

    /**
     * @param dedup the task's committed dedup entries: read only (an attempt may be abandoned)
     * @param newDedup receives the entries this batch accepts, for the caller to commit
     * @param tables the rows of the static tables the plan pins, by table name
     */
    Output process(PlannedBatch plan, int partition, PartitionSource.Reader reader, StateOverlay state,
            DedupIndex dedup, DedupIndex newDedup, Map<String, Map<String, String>> tables) throws IOException {
        TaskCounters counters = new TaskCounters();
        List<String> deadLetters = new ArrayList<>();
        Long watermark = plan.watermark();
        int records = (int) Math.min(1 << 22, plan.recordCount(partition));
        List<Candidate> candidates = new ArrayList<>(Math.min(records, CHUNK_RECORDS));
        List<String> rows = List.of();
        WindowOperator windows = WindowOperator.forBatch(job, state);
        try {
            read(reader, plan.starts().get(partition), plan.ends().get(partition), counters, record -> {
                Candidate candidate = prepare(record, watermark, counters, deadLetters, windows, dedup, newDedup,
                        tables);
                if (candidate != null) {
                    candidates.add(candidate);
                    if (candidates.size() == CHUNK_RECORDS) {
                        accept(candidates, counters, state, windows);
                    }
                }
            });
            accept(candidates, counters, state, windows);
            windows.finish();
            if (watermark != null) {
                rows = windows.emit(watermark);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        counters.rowsOut = rows.size();
        counters.deadLetters = deadLetters.size();
        return new Output(rows, deadLetters, counters);
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

    /**
     * Fetches the state the candidates read that no earlier chunk fetched, in one batched lookup,
     * then accepts each in offset order into its window(s).
     */
    private void accept(List<Candidate> candidates, TaskCounters counters, StateOverlay state, WindowOperator windows) {
        try {
            state.fetch();
            for (Candidate candidate : candidates) {
                counters.accepted++;
                counters.maxAcceptedEventTime = counters.maxAcceptedEventTime == null ? candidate.eventTime()
                        : Math.max(counters.maxAcceptedEventTime, candidate.eventTime());
                windows.add(candidate.slots(), candidate.value(), candidate.eventTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        candidates.clear();
    }

    /** A record that is neither malformed, filtered, late nor a duplicate: accepted. It holds the state slots it changes. */
    private record Candidate(Object value, long eventTime, StateOverlay.Slot[] slots) {}

    /**
     * The checks of a record before its window: parse (malformed → dead letter), filter and map,
     * late, duplicate. Null when the record ends there (and is counted).
     */
    private Candidate prepare(SourceRecord record, Long watermark, TaskCounters counters, List<String> deadLetters,
            WindowOperator windows, DedupIndex dedup, DedupIndex newDedup, Map<String, Map<String, String>> tables) {
        counters.recordsIn++;
        ParseResult<?> parsed = job.parser().parse(record);
        if (parsed.isMalformed()) {
            counters.malformed++;
            deadLetters.add(DeadLetter.line(record, parsed.reason()));
            return null;
        }
        Object value = parsed.value();
        for (StreamJob.Step step : job.steps()) {
            if (step instanceof StreamJob.Step.Filter filter) {
                if (!filter.predicate().test(value)) {
                    counters.filtered++;
                    return null;
                }
            } else if (step instanceof StreamJob.Step.Join join) {
                value = join.joiner().apply(value, tables.get(join.table().name()).get(join.key().apply(value)));
            } else {
                value = ((StreamJob.Step.Map) step).function().apply(value);
            }
        }
        long eventTime = job.eventTime().applyAsLong(value);
        if (watermark != null && eventTime < watermark) {
            counters.late++;
            return null;
        }
        if (job.dedupKey() != null
                && isDuplicate(StateKeys.dedup(job.dedupKey().apply(value)), eventTime, watermark, dedup, newDedup)) {
            counters.duplicate++;
            return null;
        }
        return new Candidate(value, eventTime, windows.slots(value, eventTime, job.key().apply(value)));
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
