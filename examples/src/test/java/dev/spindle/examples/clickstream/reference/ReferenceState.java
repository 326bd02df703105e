package dev.spindle.examples.clickstream.reference;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything the contract says a checkpoint carries between batches and runs: the next offsets,
 * the watermark of the last batch, the largest accepted {@code ts} so far and the live dedup
 * entries (the job's open windows are its {@link ReferenceRows}').
 */
final class ReferenceState {
    /** −∞ for the watermark and the largest accepted ts. Valid ts are never negative. */
    static final long MINUS_INFINITY = Long.MIN_VALUE;
    static final long WATERMARK_DELAY = 5_000;
    static final long DEDUP_TTL = 600_000;

    /** The dedup key of the contract. */
    record DedupKey(String user, String id) {}

    final long[] nextOffsets;
    /** {@code wm} of the last committed batch; before any batch −∞ (so {@code wm_0 = −∞} follows). */
    long watermark = MINUS_INFINITY;
    /** {@code M}: the largest ts of the records accepted in all committed batches. */
    long maxAcceptedTs = MINUS_INFINITY;
    /** The number of the next batch. */
    long nextBatch;
    /**
     * Per dedup key, the largest {@code T} among its accepted records whose entries are live. A
     * later record is a duplicate while any entry of its key lives, and the entry with the
     * largest {@code T} lives longest, so that one number decides.
     */
    final Map<DedupKey, Long> dedupEntries = new HashMap<>();

    ReferenceState(int partitions) {
        nextOffsets = new long[partitions];
    }

    /** {@code wm_b = max(wm_{b−1}, M_{b−1} − 5000)} for the next batch {@code b}. */
    long nextWatermark() {
        if (maxAcceptedTs == MINUS_INFINITY) {
            return watermark;
        }
        return Math.max(watermark, maxAcceptedTs - WATERMARK_DELAY);
    }

    /** Whether {@code value} is at or above {@code watermark}, with −∞ below everything. */
    static boolean reaches(long watermark, long value) {
        return watermark != MINUS_INFINITY && watermark >= value;
    }
}
