package dev.spindle.runtime.plan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plan rule of the clickstream spec: with {@code B_p = target(p) - start(p)},
 * {@code T = Σ B_p} and limit {@code L}, every partition reads to its target when {@code T ≤ L};
 * otherwise partition {@code p} reads {@code ⌊L·B_p / T⌋} records, and the {@code L - Σ} records left
 * go one each to the partitions with the largest {@code L·B_p mod T}, ties to the lower partition.
 * Memoryless: it depends on nothing but its arguments. Exact integer arithmetic throughout.
 */
public final class RateLimit {
    private RateLimit() {}

    /**
     * @param starts where each partition's batch starts
     * @param targets where each partition is to be read up to (at least its start)
     * @return the end offset of each partition's range
     */
    public static SortedMap<Integer, Long> ends(SortedMap<Integer, Long> starts, SortedMap<Integer, Long> targets, long limit) {
        SortedMap<Integer, Long> backlog = new TreeMap<>();
        BigInteger total = BigInteger.ZERO;
        for (var start : starts.entrySet()) {
            long b = Math.max(0, targets.get(start.getKey()) - start.getValue());
            backlog.put(start.getKey(), b);
            total = total.add(BigInteger.valueOf(b));
        }
        SortedMap<Integer, Long> ends = new TreeMap<>();
        if (total.compareTo(BigInteger.valueOf(limit)) <= 0) {
            starts.forEach((p, start) -> ends.put(p, start + backlog.get(p)));
            return ends;
        }
        BigInteger l = BigInteger.valueOf(limit);
        List<long[]> remainders = new ArrayList<>(); // {partition, index into sort}
        List<BigInteger> remainderValues = new ArrayList<>();
        long assigned = 0;
        for (var entry : backlog.entrySet()) {
            BigInteger[] division = l.multiply(BigInteger.valueOf(entry.getValue())).divideAndRemainder(total);
            long quota = division[0].longValueExact();
            ends.put(entry.getKey(), starts.get(entry.getKey()) + quota);
            assigned += quota;
            remainders.add(new long[] {entry.getKey(), remainderValues.size()});
            remainderValues.add(division[1]);
        }
        remainders.sort(Comparator.<long[], BigInteger>comparing(r -> remainderValues.get((int) r[1])).reversed()
                .thenComparingLong(r -> r[0]));
        for (int i = 0; i < limit - assigned; i++) {
            int partition = (int) remainders.get(i)[0];
            ends.put(partition, ends.get(partition) + 1);
        }
        return ends;
    }
}
