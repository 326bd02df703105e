package dev.spindle.examples.clickstream.reference;

import java.math.BigInteger;

/**
 * The contract's plan rule, straight from its text ("Triggers"): with {@code B_p = target(p) −
 * start(p)}, {@code T = Σ B_p} and limit {@code L}: if {@code T ≤ L} every partition is read to
 * its target; otherwise {@code q_p = ⌊L·B_p / T⌋}, and the remaining {@code L − Σ q_p} records go
 * one each to the partitions with the largest {@code L·B_p mod T}, ties to the lower partition.
 * All products in {@link BigInteger}, so no limit or backlog can overflow.
 */
final class BatchPlan {
    private BatchPlan() {}

    /**
     * The end offsets of the next batch.
     *
     * @param start per partition, the first offset not yet read
     * @param target per partition, the run's target end offset ({@code >= start})
     * @param limit {@code spindle.source.max-records-per-batch}, at least 1
     */
    static long[] endOffsets(long[] start, long[] target, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("max-records-per-batch must be at least 1, got " + limit);
        }
        int partitions = start.length;
        BigInteger total = BigInteger.ZERO;
        for (int p = 0; p < partitions; p++) {
            if (target[p] < start[p]) {
                throw new IllegalArgumentException("partition " + p + ": target " + target[p] + " < start " + start[p]);
            }
            total = total.add(BigInteger.valueOf(target[p] - start[p]));
        }
        BigInteger l = BigInteger.valueOf(limit);
        if (total.compareTo(l) <= 0) {
            return target.clone();
        }
        long[] end = new long[partitions];
        BigInteger[] remainder = new BigInteger[partitions];
        long assigned = 0;
        for (int p = 0; p < partitions; p++) {
            BigInteger[] quotientAndRemainder = l.multiply(BigInteger.valueOf(target[p] - start[p])).divideAndRemainder(total);
            long quota = quotientAndRemainder[0].longValueExact();
            end[p] = start[p] + quota;
            remainder[p] = quotientAndRemainder[1];
            assigned += quota;
        }
        for (long extra = limit - assigned; extra > 0; extra--) {
            int best = -1;
            for (int p = 0; p < partitions; p++) {
                // Strictly larger keeps the lower partition on ties; each partition gets at most one.
                if (remainder[p] != null && (best < 0 || remainder[p].compareTo(remainder[best]) > 0)) {
                    best = p;
                }
            }
            end[best]++;
            remainder[best] = null;
        }
        return end;
    }
}
