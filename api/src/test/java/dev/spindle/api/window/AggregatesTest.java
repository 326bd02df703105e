package dev.spindle.api.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.Aggregate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Accumulators survive their state encoding exactly, in the format checkpoints already hold. */
class AggregatesTest {
    @Test
    void decimalsRoundTripExactlyAndKeepTheirStoredFormat() {
        Aggregate<BigDecimal, Aggregates.CountAndSum, Aggregates.CountAndSum> countAndSum =
                Aggregates.countAndSum(Function.identity());
        Aggregate<BigDecimal, BigDecimal, BigDecimal> sum = Aggregates.sum(Function.identity());
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            int bits = 1 + random.nextInt(i % 2 == 0 ? 64 : 200); // around and beyond a long
            BigInteger unscaled = new BigInteger(bits, random);
            BigDecimal value = new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, random.nextInt(40) - 5);
            byte[] expectedDecimal = ByteBuffer.allocate(4 + unscaled(value).length).putInt(value.scale())
                    .put(unscaled(value)).array();

            byte[] encoded = sum.encode(value);
            assertArrayEquals(expectedDecimal, encoded, value.toString());
            assertExactlyEqual(value, sum.decode(encoded));

            long count = random.nextLong();
            byte[] both = countAndSum.encode(new Aggregates.CountAndSum(count, value));
            assertArrayEquals(ByteBuffer.allocate(8 + expectedDecimal.length).putLong(count).put(expectedDecimal).array(),
                    both);
            Aggregates.CountAndSum back = countAndSum.decode(both);
            assertEquals(count, back.count());
            assertExactlyEqual(value, back.sum());
        }
        assertExactlyEqual(BigDecimal.ZERO, sum.decode(sum.encode(BigDecimal.ZERO)));
        assertExactlyEqual(BigDecimal.valueOf(Long.MIN_VALUE, 2), sum.decode(sum.encode(BigDecimal.valueOf(Long.MIN_VALUE, 2))));
    }

    private static byte[] unscaled(BigDecimal value) {
        return value.unscaledValue().toByteArray();
    }

    private static void assertExactlyEqual(BigDecimal expected, BigDecimal actual) {
        assertEquals(expected.unscaledValue(), actual.unscaledValue(), expected.toString());
        assertEquals(expected.scale(), actual.scale(), expected.toString());
    }
}
