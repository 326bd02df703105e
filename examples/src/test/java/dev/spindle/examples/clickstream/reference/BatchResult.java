package dev.spindle.examples.clickstream.reference;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one committed batch did.
 *
 * @param batch the batch number {@code b}, counted from 0 on a fresh checkpoint and continued by
 *     later runs on the same checkpoint
 * @param watermark {@code wm_b}; empty for −∞
 * @param ranges per partition, in partition order, the offsets read (empty ranges included)
 * @param counters the batch's counters; {@code rowsOut == rows.size()}
 * @param rows the output rows emitted by this batch, ordered by window start, then user
 *     (the contract does not order rows: compare them as a multiset)
 * @param deadLetters one JSON line per malformed record, in partition then offset order
 */
public record BatchResult(long batch, OptionalLong watermark, List<OffsetRange> ranges, Counters counters,
        List<String> rows, List<String> deadLetters) {

    public BatchResult {
        ranges = List.copyOf(ranges);
        rows = List.copyOf(rows);
        deadLetters = List.copyOf(deadLetters);
    }

    /** Whether the batch read no records: it ran only because the watermark moved. */
    public boolean isNoData() {
        return counters.recordsIn() == 0;
    }
}
