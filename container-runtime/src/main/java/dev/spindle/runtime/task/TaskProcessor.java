package dev.spindle.runtime.task;

import dev.spindle.api.Aggregate;
import dev.spindle.api.ParseResult;
import dev.spindle.api.SourceRecord;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.WindowResult;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.source.OffsetsGoneException;
import dev.spindle.runtime.source.OnDataLoss;
import dev.spindle.runtime.source.PartitionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a job's operators over one task's planned range of one batch, against the task's state as
 * of the previous batch (through an overlay that collects this batch's changes, and a batch layer
 * over the committed {@link DedupIndex}):
 *
 * <ol>
 *   <li>each record in offset order: parse (malformed → dead letter), filter and map, late when its
 *       event time is below the batch watermark, duplicate when an unexpired entry of its dedup
 *       key was accepted (in an earlier batch, or earlier in this one); after every
 *       {@value #CHUNK_RECORDS} remaining records (and after the last), the window keys they read
 *       that are new to the batch are fetched from RocksDB in one batched lookup (except windows
 *       ending after every window the state holds: most of a batch's windows are new, and known
 *       to be absent), and then
 *   <li>each of them in offset order is accepted into its window's accumulator;
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
     */
    Output process(PlannedBatch plan, int partition, PartitionSource.Reader reader, StateOverlay state,
            DedupIndex dedup, DedupIndex newDedup) throws IOException {
        TaskCounters counters = new TaskCounters();
        List<String> deadLetters = new ArrayList<>();
        Long watermark = plan.watermark();
        int records = (int) Math.min(1 << 22, plan.recordCount(partition));
        List<Candidate> candidates = new ArrayList<>(Math.min(records, CHUNK_RECORDS));
        List<StateOverlay.Slot> windows = new ArrayList<>(records);
        List<String> rows = List.of();
        long lastStoredWindowEnd = lastStoredWindowEnd(state);
        try {
            read(reader, plan.starts().get(partition), plan.ends().get(partition), counters, record -> {
                Candidate candidate = prepare(record, watermark, lastStoredWindowEnd, counters, deadLetters, state,
                        dedup, newDedup);
                if (candidate != null) {
                    candidates.add(candidate);
                    if (candidates.size() == CHUNK_RECORDS) {
                        accept(candidates, watermark, counters, state, windows);
                    }
                }
            });
            accept(candidates, watermark, counters, state, windows);
            Aggregate<Object, Object, Object> aggregate = job.aggregate();
            for (StateOverlay.Slot window : windows) {
                state.put(window, aggregate.encode(window.decoded()));
            }
            if (watermark != null) {
                rows = emitClosedWindows(watermark, state);
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
     * then accepts each in offset order into its window's accumulator.
     */
    private void accept(List<Candidate> candidates, Long watermark, TaskCounters counters, StateOverlay state,
            List<StateOverlay.Slot> windows) {
        try {
            state.fetch();
            for (Candidate candidate : candidates) {
                counters.accepted++;
                counters.maxAcceptedEventTime = counters.maxAcceptedEventTime == null ? candidate.eventTime()
                        : Math.max(counters.maxAcceptedEventTime, candidate.eventTime());
                aggregate(candidate, state, windows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        candidates.clear();
    }

    /** A record that is neither malformed, filtered, late nor a duplicate: accepted. It holds its (window, key) slots. */
    private record Candidate(Object value, long eventTime, StateOverlay.Slot[] windows) {}

    /**
     * The checks of a record before its window: parse (malformed → dead letter), filter and map,
     * late, duplicate. Null when the record ends there (and is counted).
     */
    private Candidate prepare(SourceRecord record, Long watermark, long lastStoredWindowEnd, TaskCounters counters,
            List<String> deadLetters, StateOverlay state, DedupIndex dedup, DedupIndex newDedup) {
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
        String key = job.key().apply(value);
        long[] ends = job.windows().endsOf(eventTime);
        StateOverlay.Slot[] windows = new StateOverlay.Slot[ends.length];
        for (int i = 0; i < ends.length; i++) {
            windows[i] = state.slot(StateKeys.window(ends[i], key));
            if (ends[i] > lastStoredWindowEnd) {
                state.knownAbsent(windows[i]);
            }
        }
        return new Candidate(value, eventTime, windows);
    }

    /**
     * The largest window end in the committed state (Long.MIN_VALUE when it holds no window). The
     * walk back starts at the newest windows and stops at the emitted ones, whose tombstones it never
     * crosses.
     */
    private static long lastStoredWindowEnd(StateOverlay state) throws IOException {
        byte[] last = state.lastStoredKey(firstUnemittedWindowKey(emittedThrough(state)),
                StateKeys.start((byte) (StateKeys.WINDOW + 1)));
        return last == null ? Long.MIN_VALUE : StateKeys.timeOf(last);
    }

    /** The watermark through which windows were emitted (a mark in the state), or null before the first emit. */
    private static Long emittedThrough(StateOverlay state) throws IOException {
        byte[] emitted = state.get(StateKeys.start(StateKeys.EMITTED_THROUGH));
        return emitted == null ? null : StateKeys.decodeTime(emitted);
    }

    /** Where the windows still in the state start: every window ending by {@code emittedThrough} is gone. */
    private static byte[] firstUnemittedWindowKey(Long emittedThrough) {
        return emittedThrough == null ? StateKeys.start(StateKeys.WINDOW)
                : StateKeys.after(StateKeys.WINDOW, emittedThrough);
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

    /**
     * Adds the value to the accumulator of each of its (window, key) slots, decoded from state on
     * first use in the batch and kept in the slot as an object until the batch's values are all in
     * (then encoded once). User code ({@link Aggregate#decode}, {@code add}, {@code result}) only
     * ever sees copies of stored bytes: an attempt that is abandoned must leave the committed state
     * as it was.
     */
    private void aggregate(Candidate candidate, StateOverlay state, List<StateOverlay.Slot> windows)
            throws IOException {
        Aggregate<Object, Object, Object> aggregate = job.aggregate();
        for (StateOverlay.Slot window : candidate.windows()) {
            if (!window.isDecoded()) {
                byte[] stored = state.get(window);
                // A copy: the stored bytes may be the committed index's, and decode may wrap them for add to change.
                window.decoded(stored == null ? aggregate.zero() : aggregate.decode(stored.clone()));
                windows.add(window);
            }
            window.decoded(aggregate.add(window.decoded(), candidate.value()));
        }
    }

    /**
     * Emits every window whose end is at most the watermark and moves the emitted-through mark to
     * the watermark, which drops them: a window at or below the mark is dead, so none needs a
     * delete of its own. Windows up to the previous mark are gone already (a value accepted since
     * is not late, so its window ends after that mark): the scan starts there. The mark is part of
     * the committed state, so a replay or a fallback to an older commit starts where the original
     * did.
     */
    private List<String> emitClosedWindows(long watermark, StateOverlay state) throws IOException {
        List<String> rows = new ArrayList<>();
        Aggregate<Object, Object, Object> aggregate = job.aggregate();
        long size = job.windows().sizeMillis();
        Long emittedThrough = emittedThrough(state);
        if (emittedThrough != null && emittedThrough == watermark) {
            return rows;
        }
        byte[] from = firstUnemittedWindowKey(emittedThrough);
        state.scan(from, StateKeys.after(StateKeys.WINDOW, watermark), (key, accumulator) -> {
            long end = StateKeys.timeOf(key);
            Object result = aggregate.result(aggregate.decode(accumulator.clone())); // user code gets a copy
            rows.add(job.formatter().format(new WindowResult<>(end - size, end, StateKeys.textOf(key), result)));
        });
        state.windowsEmittedThrough(watermark); // the mark below removes the emitted windows
        state.put(StateKeys.start(StateKeys.EMITTED_THROUGH), StateKeys.encodeTime(watermark));
        return rows;
    }

    /** {@code time + ttl}, saturating instead of overflowing. */
    private static long expiry(long time, long ttl) {
        long sum = time + ttl;
        return ((time ^ sum) & (ttl ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
