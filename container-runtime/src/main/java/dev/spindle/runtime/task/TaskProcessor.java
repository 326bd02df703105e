package dev.spindle.runtime.task;

import dev.spindle.api.Aggregate;
import dev.spindle.api.ParseResult;
import dev.spindle.api.SourceRecord;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.WindowResult;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.source.PartitionSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a job's operators over one task's planned range of one batch, against the task's state as
 * of the previous batch (through an overlay that collects this batch's changes):
 *
 * <ol>
 *   <li>each record in offset order: parse (malformed → dead letter), filter and map, late when its
 *       event time is below the batch watermark, duplicate when an unexpired entry of its key was
 *       accepted, otherwise accepted into its window's accumulator;
 *   <li>then dedup entries that expired at this watermark are evicted (expiry is also checked on
 *       every read, so eviction lagging would change nothing);
 *   <li>then every window whose end the watermark has reached is emitted, in (window end, key
 *       bytes) order, and its state dropped.
 * </ol>
 *
 * Everything depends on the plan and the state only: replaying a batch gives the same output.
 */
final class TaskProcessor {
    private final StreamJob job;

    TaskProcessor(StreamJob job) {
        this.job = job;
    }

    /** The output of one task in one batch. */
    record Output(List<String> rows, List<String> deadLetters, TaskCounters counters) {}

    Output process(PlannedBatch plan, int partition, PartitionSource.Reader reader, StateOverlay state) throws IOException {
        TaskCounters counters = new TaskCounters();
        List<String> deadLetters = new ArrayList<>();
        try {
            reader.read(plan.starts().get(partition), plan.ends().get(partition), record -> {
                try {
                    process(record, plan.watermark(), state, counters, deadLetters);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<String> rows = List.of();
        if (plan.watermark() != null) {
            try {
                evictExpiredDuplicates(plan.watermark(), state);
                rows = emitClosedWindows(plan.watermark(), state);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        counters.rowsOut = rows.size();
        counters.deadLetters = deadLetters.size();
        return new Output(rows, deadLetters, counters);
    }

    private void process(SourceRecord record, Long watermark, StateOverlay state, TaskCounters counters,
            List<String> deadLetters) throws IOException {
        counters.recordsIn++;
        ParseResult<?> parsed = job.parser().parse(record);
        if (parsed.isMalformed()) {
            counters.malformed++;
            deadLetters.add(DeadLetter.line(record, parsed.reason()));
            return;
        }
        Object value = parsed.value();
        for (StreamJob.Step step : job.steps()) {
            if (step instanceof StreamJob.Step.Filter filter) {
                if (!filter.predicate().test(value)) {
                    counters.filtered++;
                    return;
                }
            } else {
                value = ((StreamJob.Step.Map) step).function().apply(value);
            }
        }
        long eventTime = job.eventTime().applyAsLong(value);
        if (watermark != null && eventTime < watermark) {
            counters.late++;
            return;
        }
        if (job.dedupKey() != null && isDuplicate(job.dedupKey().apply(value), eventTime, watermark, state)) {
            counters.duplicate++;
            return;
        }
        counters.accepted++;
        counters.maxAcceptedEventTime = counters.maxAcceptedEventTime == null ? eventTime
                : Math.max(counters.maxAcceptedEventTime, eventTime);
        aggregate(value, eventTime, state);
    }

    /** Checks the key's entry and, when the value is not a duplicate, records it as the key's entry. */
    private boolean isDuplicate(String key, long eventTime, Long watermark, StateOverlay state) throws IOException {
        byte[] entryKey = StateKeys.dedup(key);
        byte[] entry = state.get(entryKey);
        long ttl = job.dedupTtlMillis();
        if (entry != null) {
            long accepted = StateKeys.decodeTime(entry);
            if (watermark == null || expiry(accepted, ttl) > watermark) {
                return true;
            }
            state.delete(StateKeys.dedupExpiry(expiry(accepted, ttl), key)); // expired: replaced below
        }
        state.put(entryKey, StateKeys.encodeTime(eventTime));
        state.put(StateKeys.dedupExpiry(expiry(eventTime, ttl), key), StateKeys.EMPTY);
        return false;
    }

    private void aggregate(Object value, long eventTime, StateOverlay state) throws IOException {
        Aggregate<Object, Object, Object> aggregate = job.aggregate();
        byte[] key = StateKeys.window(job.windows().endOf(eventTime), job.key().apply(value));
        byte[] stored = state.get(key);
        Object accumulator = stored == null ? aggregate.zero() : aggregate.decode(stored);
        state.put(key, aggregate.encode(aggregate.add(accumulator, value)));
    }

    private void evictExpiredDuplicates(long watermark, StateOverlay state) throws IOException {
        long ttl = job.dedupTtlMillis();
        state.scan(StateKeys.start(StateKeys.DEDUP_EXPIRY), StateKeys.after(StateKeys.DEDUP_EXPIRY, watermark),
                (indexKey, empty) -> {
                    String key = StateKeys.textOf(indexKey);
                    byte[] entryKey = StateKeys.dedup(key);
                    try {
                        byte[] entry = state.get(entryKey);
                        if (entry != null && expiry(StateKeys.decodeTime(entry), ttl) == StateKeys.timeOf(indexKey)) {
                            state.delete(entryKey);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    state.delete(indexKey);
                });
    }

    private List<String> emitClosedWindows(long watermark, StateOverlay state) throws IOException {
        List<String> rows = new ArrayList<>();
        Aggregate<Object, Object, Object> aggregate = job.aggregate();
        long size = job.windows().sizeMillis();
        state.scan(StateKeys.start(StateKeys.WINDOW), StateKeys.after(StateKeys.WINDOW, watermark), (key, accumulator) -> {
            long end = StateKeys.timeOf(key);
            Object result = aggregate.result(aggregate.decode(accumulator));
            rows.add(job.formatter().format(new WindowResult<>(end - size, end, StateKeys.textOf(key), result)));
            state.delete(key);
        });
        return rows;
    }

    /** {@code time + ttl}, saturating instead of overflowing. */
    private static long expiry(long time, long ttl) {
        long sum = time + ttl;
        return ((time ^ sum) & (ttl ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
