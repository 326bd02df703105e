package dev.spindle.api.window;

import dev.spindle.api.Aggregate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/** Ready-made aggregates. Sums are exact decimals: never binary floating point. */
public final class Aggregates {
    private Aggregates() {}

    /** The number of values and the exact sum of one decimal field of them. */
    public record CountAndSum(long count, BigDecimal sum) {}

    /** How many values the window saw. */
    public static <T> Aggregate<T, Long, Long> count() {
        return new Aggregate<>() {
            @Override
            public Long zero() {
                return 0L;
            }

            @Override
            public Long add(Long accumulator, T value) {
                return accumulator + 1;
            }

            @Override
            public Long result(Long accumulator) {
                return accumulator;
            }

            @Override
            public byte[] encode(Long accumulator) {
                return ByteBuffer.allocate(8).putLong(accumulator).array();
            }

            @Override
            public Long decode(byte[] bytes) {
                return ByteBuffer.wrap(bytes).getLong();
            }
        };
    }

    /** The exact sum of {@code amount} over the window's values. */
    public static <T> Aggregate<T, BigDecimal, BigDecimal> sum(Function<? super T, BigDecimal> amount) {
        return new Aggregate<>() {
            @Override
            public BigDecimal zero() {
                return BigDecimal.ZERO;
            }

            @Override
            public BigDecimal add(BigDecimal accumulator, T value) {
                return accumulator.add(amount.apply(value));
            }

            @Override
            public BigDecimal result(BigDecimal accumulator) {
                return accumulator;
            }

            @Override
            public byte[] encode(BigDecimal accumulator) {
                return encodeDecimal(ByteBuffer.allocate(decimalBytes(accumulator)), accumulator).array();
            }

            @Override
            public BigDecimal decode(byte[] bytes) {
                return decodeDecimal(ByteBuffer.wrap(bytes));
            }
        };
    }

    /** Count and exact sum together, in one state entry per (window, key). */
    public static <T> Aggregate<T, CountAndSum, CountAndSum> countAndSum(Function<? super T, BigDecimal> amount) {
        return new Aggregate<>() {
            @Override
            public CountAndSum zero() {
                return new CountAndSum(0, BigDecimal.ZERO);
            }

            @Override
            public CountAndSum add(CountAndSum accumulator, T value) {
                return new CountAndSum(accumulator.count() + 1, accumulator.sum().add(amount.apply(value)));
            }

            @Override
            public CountAndSum result(CountAndSum accumulator) {
                return accumulator;
            }

            @Override
            public byte[] encode(CountAndSum accumulator) {
                ByteBuffer buffer = ByteBuffer.allocate(8 + decimalBytes(accumulator.sum()));
                buffer.putLong(accumulator.count());
                return encodeDecimal(buffer, accumulator.sum()).array();
            }

            @Override
            public CountAndSum decode(byte[] bytes) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new CountAndSum(buffer.getLong(), decodeDecimal(buffer));
            }
        };
    }

    /**
     * The shortest plain rendering of an exact decimal: no exponent, no trailing zeros, no decimal
     * point when integral ({@code 40}, {@code 37.5}, {@code 0.05}).
     */
    public static String plainDecimal(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static int decimalBytes(BigDecimal value) {
        return 4 + value.unscaledValue().toByteArray().length;
    }

    private static ByteBuffer encodeDecimal(ByteBuffer buffer, BigDecimal value) {
        return buffer.putInt(value.scale()).put(value.unscaledValue().toByteArray());
    }

    private static BigDecimal decodeDecimal(ByteBuffer buffer) {
        int scale = buffer.getInt();
        byte[] unscaled = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
