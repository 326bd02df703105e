package dev.spindle.examples.clickstream.reference;

import dev.spindle.api.ParseResult;
import dev.spindle.api.SourceRecord;
import dev.spindle.examples.clickstream.Click;
import dev.spindle.examples.clickstream.ClickParser;
import dev.spindle.examples.clickstream.reference.ReferenceState.DedupKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One batch {@code b} of the contract ("Semantics"), applied to a {@link ReferenceState}:
 * <ol>
 *   <li>{@code wm_b = max(wm_{b−1}, M_{b−1} − 5000)};
 *   <li>at its start, dedup entries with {@code wm_b ≥ T + 600000} expire, and the job's windows
 *       (or sessions) with {@code wm_b ≥} their end are emitted and dropped ({@link ReferenceRows});
 *   <li>each record, partition by partition in offset order, is malformed, late
 *       ({@code ts < wm_b}), duplicate, or accepted, decided in that order;
 *   <li>the batch commits: offsets, {@code wm_b}, {@code M_b} and the new dedup entries.
 * </ol>
 */
final class BatchExecution {
    private final ReferenceState state;
    private final List<List<byte[]>> topic;
    private final ClickParser parser;
    private final ReferenceRows job;
    private final long watermark;
    /** Dedup entries of records accepted in this batch: "earlier" only within their own partition. */
    private final Map<Integer, Set<DedupKey>> acceptedHereByPartition = new HashMap<>();
    private final Map<DedupKey, Long> acceptedHere = new HashMap<>();
    private final List<String> deadLetters = new ArrayList<>();
    private long malformed;
    private long late;
    private long duplicate;
    private long accepted;
    private long maxAcceptedTs;

    private BatchExecution(ReferenceState state, List<List<byte[]>> topic, ClickParser parser, ReferenceRows job) {
        this.state = state;
        this.topic = topic;
        this.parser = parser;
        this.job = job;
        this.watermark = state.nextWatermark();
        this.maxAcceptedTs = state.maxAcceptedTs;
    }

    /** Runs batch {@code state.nextBatch} reading up to {@code end}, and commits it into {@code state}. */
    static BatchResult run(ReferenceState state, List<List<byte[]>> topic, long[] end, ClickParser parser,
            ReferenceRows job) {
        return new BatchExecution(state, topic, parser, job).execute(end);
    }

    private BatchResult execute(long[] end) {
        expireDedupEntries();
        List<String> rows = new ArrayList<>(job.emitClosed(watermark));
        List<OffsetRange> ranges = new ArrayList<>();
        for (int p = 0; p < end.length; p++) {
            long start = state.nextOffsets[p];
            ranges.add(new OffsetRange(p, start, end[p]));
            for (long offset = start; offset < end[p]; offset++) {
                classify(p, offset, topic.get(p).get((int) offset));
            }
        }
        rows.addAll(job.rowsOfAccepted());
        long recordsIn = ranges.stream().mapToLong(OffsetRange::count).sum();
        Counters counters = new Counters(recordsIn, malformed, duplicate, late, accepted, rows.size());
        OptionalLong shownWatermark = watermark == ReferenceState.MINUS_INFINITY
                ? OptionalLong.empty() : OptionalLong.of(watermark);
        BatchResult result = new BatchResult(state.nextBatch, shownWatermark, ranges, counters, rows, deadLetters);
        commit(end);
        return result;
    }

    private void expireDedupEntries() {
        state.dedupEntries.values().removeIf(ts -> ReferenceState.reaches(watermark, ts + ReferenceState.DEDUP_TTL));
    }

    private void classify(int partition, long offset, byte[] value) {
        ParseResult<Click> parsed = parser.parse(new SourceRecord(partition, offset, null, value, 0));
        if (parsed.isMalformed()) {
            malformed++;
            deadLetters.add(ReferenceOutput.deadLetter(partition, offset, parsed.reason(), value));
            return;
        }
        Click click = parsed.value();
        // Strictly below wm_b; with wm_b = −∞ (Long.MIN_VALUE) no valid ts (>= 0) is late.
        if (click.ts() < watermark) {
            late++;
            return;
        }
        DedupKey key = new DedupKey(click.user(), click.id());
        Set<DedupKey> earlierInPartition = acceptedHereByPartition.computeIfAbsent(partition, p -> new HashSet<>());
        // Literal reading of "earlier": an earlier batch, or this batch and this partition at a
        // lower offset. A record with the same key in another partition of this same batch is
        // not earlier, so both are accepted.
        if (state.dedupEntries.containsKey(key) || earlierInPartition.contains(key)) {
            duplicate++;
            return;
        }
        accepted++;
        earlierInPartition.add(key);
        acceptedHere.merge(key, click.ts(), Math::max);
        maxAcceptedTs = Math.max(maxAcceptedTs, click.ts());
        job.accept(click);
    }

    private void commit(long[] end) {
        acceptedHere.forEach((key, ts) -> state.dedupEntries.merge(key, ts, Math::max));
        System.arraycopy(end, 0, state.nextOffsets, 0, end.length);
        state.watermark = watermark;
        state.maxAcceptedTs = maxAcceptedTs;
        state.nextBatch++;
    }
}
