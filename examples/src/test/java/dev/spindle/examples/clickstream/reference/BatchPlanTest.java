package dev.spindle.examples.clickstream.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plan rule on hand-computed cases, and its invariants on random ones. */
class BatchPlanTest {
    private static long[] plan(long[] start, long[] target, long limit) {
        return BatchPlan.endOffsets(start, target, limit);
    }

    @Test
    void shouldReadEverythingWhenTheBacklogFitsTheLimit() {
        assertArrayEquals(new long[] {3, 3, 3}, plan(new long[3], new long[] {3, 3, 3}, 9));
        assertArrayEquals(new long[] {3, 0, 3}, plan(new long[3], new long[] {3, 0, 3}, 100));
        assertArrayEquals(new long[] {0, 0}, plan(new long[2], new long[2], 1));
    }

    @Test
    void shouldGiveTheRemainderToEqualRemaindersInPartitionOrder() {
        // L=5, B=(3,3,3), T=9: L·B=15 each, q=1 each, remainders 6 each; 2 left: partitions 0 and 1.
        assertArrayEquals(new long[] {2, 2, 1}, plan(new long[3], new long[] {3, 3, 3}, 5));
        // L=4, B=(1,5,2), T=8: L·B=(4,20,8), q=(0,2,1), remainders (4,4,0); 1 left: tie, partition 0.
        assertArrayEquals(new long[] {1, 2, 1}, plan(new long[3], new long[] {1, 5, 2}, 4));
    }

    @Test
    void shouldGiveTheRemainderToTheLargestRemainderNotTheLargestBacklog() {
        // L=3, B=(2,7), T=9: L·B=(6,21), q=(0,2), remainders (6,3): partition 0 gets the one left.
        assertArrayEquals(new long[] {1, 2}, plan(new long[2], new long[] {2, 7}, 3));
        // L=3, B=(7,2): q=(2,0), remainders (3,6): partition 1.
        assertArrayEquals(new long[] {2, 1}, plan(new long[2], new long[] {7, 2}, 3));
        // L=2, B=(0,1,1,1), T=3: q=0 each, remainders (0,2,2,2): partitions 1 and 2.
        assertArrayEquals(new long[] {0, 1, 1, 0}, plan(new long[4], new long[] {0, 1, 1, 1}, 2));
    }

    @Test
    void shouldCountFromEachPartitionsStart() {
        assertArrayEquals(new long[] {11, 22}, plan(new long[] {10, 20}, new long[] {12, 27}, 3));
    }

    @Test
    void shouldUseExactArithmeticForHugeNumbers() {
        long half = Long.MAX_VALUE / 2;
        long limit = 1_000_000_000_000_000_000L;
        assertArrayEquals(new long[] {limit / 2, limit / 2}, plan(new long[2], new long[] {half, half}, limit));
        long[] end = plan(new long[] {0, 0, 0}, new long[] {half, 1, 7}, limit);
        assertEquals(limit, end[0] + end[1] + end[2]);
    }

    @Test
    void shouldAlwaysReadExactlyTheLimitWithinOneOfTheExactShare() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            int partitions = 1 + random.nextInt(6);
            long[] start = new long[partitions];
            long[] target = new long[partitions];
            long total = 0;
            for (int p = 0; p < partitions; p++) {
                start[p] = random.nextInt(50);
                target[p] = start[p] + (random.nextInt(3) == 0 ? 0 : random.nextInt(40));
                total += target[p] - start[p];
            }
            long limit = 1 + random.nextInt(60);
            long[] end = plan(start, target, limit);
            long read = 0;
            for (int p = 0; p < partitions; p++) {
                long backlog = target[p] - start[p];
                long taken = end[p] - start[p];
                read += taken;
                assertTrue(taken >= 0 && taken <= backlog);
                if (total > limit) {
                    long quota = BigInteger.valueOf(limit).multiply(BigInteger.valueOf(backlog))
                            .divide(BigInteger.valueOf(total)).longValueExact();
                    assertTrue(taken == quota || taken == quota + 1);
                }
            }
            assertEquals(Math.min(total, limit), read);
        }
    }
}
