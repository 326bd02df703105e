package dev.spindle.api.window;

import dev.spindle.api.Aggregate;
import dev.spindle.api.MergeableAggregate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Ready-made aggregates, each mergeable (usable in session windows), and {@link #combine} to
 * compute several of them in one row. Sums are exact decimals: never binary floating point.
 */
public final class Aggregates {
    private Aggregates() {}

    /** The number of values and the exact sum of one decimal field of them. */
    public record CountAndSum(long count, BigDecimal sum) {}

    /** An aggregate with the name its result has in an {@link AggregateRow}. */
    public record Named<T>(String name, Aggregate<? super T, ?, ?> aggregate) {}

    public static <T> Named<T> named(String name, Aggregate<? super T, ?, ?> aggregate) {
        return new Named<>(name, aggregate);
    }

    /**
     * Several aggregates over the same values, kept in one state entry, with one result per name
     * in one {@link AggregateRow}. Mergeable when every part is.
     */
    @SafeVarargs
    public static <T> Aggregate<T, Object[], AggregateRow> combine(Named<T>... parts) {
        return CombinedAggregate.of(List.of(parts));
    }

    /** The smallest value of a decimal field (null for no value). */
    public static <T> MergeableAggregate<T, BigDecimal, BigDecimal> min(Function<? super T, BigDecimal> field) {
        return ValueAggregates.extreme(field, 1);
    }

    /** The largest value of a decimal field (null for no value). */
    public static <T> MergeableAggregate<T, BigDecimal, BigDecimal> max(Function<? super T, BigDecimal> field) {
        return ValueAggregates.extreme(field, -1);
    }

    /**
     * The mean of a decimal field: exact when the quotient is, else rounded half-even to 34
     * significant digits (null for no value).
     */
    public static <T> MergeableAggregate<T, CountAndSum, BigDecimal> average(Function<? super T, BigDecimal> field) {
        return ValueAggregates.average(field);
    }

    /** The exact number of distinct values of a string field (its state keeps every one). */
    public static <T> MergeableAggregate<T, Set<String>, Long> countDistinct(Function<? super T, String> field) {
        return ValueAggregates.countDistinct(field);
    }

    /**
     * The value of a string field that most values have; ties go to the smallest by Unicode code
     * points (its state keeps every distinct value with its count).
     */
    public static <T> MergeableAggregate<T, Map<String, Long>, String> mostFrequent(
            Function<? super T, String> field) {
        return ValueAggregates.mostFrequent(field);
    }

    /**
     * The value of a string field of the value whose {@code score} is largest; ties go to the
     * smallest string by Unicode code points.
     */
    public static <T> MergeableAggregate<T, ?, String> argMax(Function<? super T, String> field,
            Function<? super T, BigDecimal> score) {
        return ValueAggregates.argMax(field, score);
    }

    /** How many values the window saw. */
    public static <T> MergeableAggregate<T, Long, Long> count() {
        return new MergeableAggregate<>() {
            @Override
            public Long zero() {
                return 0L;
            }

            @Override
            public Long add(Long accumulator, T value) {
                return accumulator + 1;
            }

            @Override
            public Long merge(Long first, Long second) {
                return first + second;
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
    public static <T> MergeableAggregate<T, BigDecimal, BigDecimal> sum(Function<? super T, BigDecimal> amount) {
        return new MergeableAggregate<>() {
            @Override
            public BigDecimal zero() {
                return BigDecimal.ZERO;
            }

            @Override
            public BigDecimal add(BigDecimal accumulator, T value) {
                return accumulator.add(amount.apply(value));
            }

            @Override
            public BigDecimal merge(BigDecimal first, BigDecimal second) {
                return first.add(second);
            }

            @Override
            public BigDecimal result(BigDecimal accumulator) {
                return accumulator;
            }

            @Override
            public byte[] encode(BigDecimal accumulator) {
                return encodeDecimal(0, accumulator);
            }

            @Override
            public BigDecimal decode(byte[] bytes) {
                return decodeDecimal(bytes, 0);
            }
        };
    }

    /** Count and exact sum together, in one state entry per (window, key). */
    public static <T> MergeableAggregate<T, CountAndSum, CountAndSum> countAndSum(Function<? super T, BigDecimal> amount) {
        return new MergeableAggregate<>() {
            @Override
            public CountAndSum zero() {
                return new CountAndSum(0, BigDecimal.ZERO);
            }

            @Override
            public CountAndSum add(CountAndSum accumulator, T value) {
                return new CountAndSum(accumulator.count() + 1, accumulator.sum().add(amount.apply(value)));
            }

            @Override
            public CountAndSum merge(CountAndSum first, CountAndSum second) {
                return new CountAndSum(first.count() + second.count(), first.sum().add(second.sum()));
            }

            @Override
            public CountAndSum result(CountAndSum accumulator) {
                return accumulator;
            }

            @Override
            public byte[] encode(CountAndSum accumulator) {
                byte[] bytes = encodeDecimal(8, accumulator.sum());
                putBigEndian(bytes, 0, accumulator.count(), 8);
                return bytes;
            }

            @Override
            public CountAndSum decode(byte[] bytes) {
                return new CountAndSum(ByteBuffer.wrap(bytes).getLong(), decodeDecimal(bytes, 8));
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

    /**
     * An entry of {@code before} bytes the caller fills, then a decimal: the scale, then the
     * unscaled value's two's-complement bytes (all the rest of the entry).
     */
    private static byte[] encodeDecimal(int before, BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        int bitLength = unscaled.bitLength();
        int unscaledBytes = bitLength / 8 + 1; // as BigInteger.toByteArray
        byte[] bytes = new byte[before + 4 + unscaledBytes];
        putBigEndian(bytes, before, value.scale(), 4);
        if (bitLength < 64) { // fits a long: its low bytes, without BigInteger's byte-by-byte copy
            putBigEndian(bytes, before + 4, unscaled.longValue(), unscaledBytes);
        } else {
            System.arraycopy(unscaled.toByteArray(), 0, bytes, before + 4, unscaledBytes);
        }
        return bytes;
    }

    /** Writes the low {@code length} bytes of {@code value} at {@code at}, big-endian. */
    private static void putBigEndian(byte[] bytes, int at, long value, int length) {
        for (int i = at + length - 1; i >= at; i--) {
            bytes[i] = (byte) value;
            value >>= 8;
        }
    }

    private static BigDecimal decodeDecimal(byte[] bytes, int offset) {
        int scale = ByteBuffer.wrap(bytes, offset, 4).getInt();
        int from = offset + 4;
        if (bytes.length - from <= 8) { // fits a long: no BigInteger on the way
            long unscaled = bytes.length == from ? 0 : bytes[from]; // sign-extended first byte
            for (int i = from + 1; i < bytes.length; i++) {
                unscaled = unscaled << 8 | (bytes[i] & 0xFF);
            }
            return BigDecimal.valueOf(unscaled, scale);
        }
        return new BigDecimal(new BigInteger(Arrays.copyOfRange(bytes, from, bytes.length)), scale);
    }
}
