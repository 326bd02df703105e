package dev.spindle.api.window;

import dev.spindle.api.MergeableAggregate;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The ready-made aggregates over one field of the values; {@link Aggregates} hands them out. */
final class ValueAggregates {
    private ValueAggregates() {}

    /** The smallest ({@code sign} 1) or largest ({@code sign} −1) decimal; null for no value. */
    static <T> MergeableAggregate<T, BigDecimal, BigDecimal> extreme(Function<? super T, BigDecimal> field, int sign) {
        return new MergeableAggregate<>() {
            @Override
            public BigDecimal zero() {
                return null;
            }

            @Override
            public BigDecimal add(BigDecimal accumulator, T value) {
                return merge(accumulator, field.apply(value));
            }

            @Override
            public BigDecimal merge(BigDecimal first, BigDecimal second) {
                if (first == null || second == null) {
                    return first == null ? second : first;
                }
                // Equal values of different scale (2.0, 2.00): the smaller scale, whatever the order.
                int order = first.compareTo(second) * sign;
                return order < 0 ? first : order > 0 ? second : first.scale() <= second.scale() ? first : second;
            }

            @Override
            public BigDecimal result(BigDecimal accumulator) {
                return accumulator;
            }

            @Override
            public byte[] encode(BigDecimal accumulator) {
                return accumulator == null ? new byte[0] : new Bytes.Writer().putDecimal(accumulator).toByteArray();
            }

            @Override
            public BigDecimal decode(byte[] bytes) {
                return bytes.length == 0 ? null : new Bytes.Reader(bytes).getDecimal();
            }
        };
    }

    /**
     * The mean of a decimal field: the exact quotient when it has one, else rounded half-even to 34
     * significant digits ({@link MathContext#DECIMAL128}); null for no value.
     */
    static <T> MergeableAggregate<T, Aggregates.CountAndSum, BigDecimal> average(
            Function<? super T, BigDecimal> field) {
        MergeableAggregate<T, Aggregates.CountAndSum, Aggregates.CountAndSum> countAndSum = Aggregates.countAndSum(field);
        return new MergeableAggregate<>() {
            @Override
            public Aggregates.CountAndSum zero() {
                return countAndSum.zero();
            }

            @Override
            public Aggregates.CountAndSum add(Aggregates.CountAndSum accumulator, T value) {
                return countAndSum.add(accumulator, value);
            }

            @Override
            public Aggregates.CountAndSum merge(Aggregates.CountAndSum first, Aggregates.CountAndSum second) {
                return countAndSum.merge(first, second);
            }

            @Override
            public BigDecimal result(Aggregates.CountAndSum accumulator) {
                if (accumulator.count() == 0) {
                    return null;
                }
                BigDecimal count = BigDecimal.valueOf(accumulator.count());
                try {
                    return accumulator.sum().divide(count);
                } catch (ArithmeticException nonTerminating) {
                    return accumulator.sum().divide(count, MathContext.DECIMAL128);
                }
            }

            @Override
            public byte[] encode(Aggregates.CountAndSum accumulator) {
                return countAndSum.encode(accumulator);
            }

            @Override
            public Aggregates.CountAndSum decode(byte[] bytes) {
                return countAndSum.decode(bytes);
            }
        };
    }

    /**
     * The exact number of distinct values of a string field: every distinct value is kept, encoded
     * in the order first seen (no sort per encode: a window's set is re-encoded in every batch that
     * touches it). That order depends only on the values and the order they came in, so a replay
     * writes the same bytes.
     */
    static <T> MergeableAggregate<T, Set<String>, Long> countDistinct(Function<? super T, String> field) {
        return new MergeableAggregate<>() {
            @Override
            public Set<String> zero() {
                return new LinkedHashSet<>();
            }

            @Override
            public Set<String> add(Set<String> accumulator, T value) {
                accumulator.add(field.apply(value));
                return accumulator;
            }

            @Override
            public Set<String> merge(Set<String> first, Set<String> second) {
                first.addAll(second);
                return first;
            }

            @Override
            public Long result(Set<String> accumulator) {
                return (long) accumulator.size();
            }

            @Override
            public byte[] encode(Set<String> accumulator) {
                Bytes.Writer out = new Bytes.Writer().putInt(accumulator.size());
                accumulator.forEach(out::putString);
                return out.toByteArray();
            }

            @Override
            public Set<String> decode(byte[] bytes) {
                Bytes.Reader in = new Bytes.Reader(bytes);
                int size = in.getInt();
                Set<String> values = new LinkedHashSet<>(size * 2);
                for (int i = 0; i < size; i++) {
                    values.add(in.getString());
                }
                return values;
            }
        };
    }

    /**
     * The value of a string field that the most values have; among equally frequent ones the
     * smallest by Unicode code points. Null for no value. Every distinct value is kept with its
     * count, encoded in the order first seen (as {@link #countDistinct}).
     */
    static <T> MergeableAggregate<T, Map<String, Long>, String> mostFrequent(Function<? super T, String> field) {
        return new MergeableAggregate<>() {
            @Override
            public Map<String, Long> zero() {
                return new LinkedHashMap<>();
            }

            @Override
            public Map<String, Long> add(Map<String, Long> accumulator, T value) {
                accumulator.merge(field.apply(value), 1L, Long::sum);
                return accumulator;
            }

            @Override
            public Map<String, Long> merge(Map<String, Long> first, Map<String, Long> second) {
                second.forEach((value, count) -> first.merge(value, count, Long::sum));
                return first;
            }

            @Override
            public String result(Map<String, Long> accumulator) {
                String top = null;
                long topCount = 0;
                for (Map.Entry<String, Long> entry : accumulator.entrySet()) {
                    long count = entry.getValue();
                    if (top == null || count > topCount
                            || (count == topCount && Bytes.compareCodePoints(entry.getKey(), top) < 0)) {
                        top = entry.getKey();
                        topCount = count;
                    }
                }
                return top;
            }

            @Override
            public byte[] encode(Map<String, Long> accumulator) {
                Bytes.Writer out = new Bytes.Writer().putInt(accumulator.size());
                accumulator.forEach((value, count) -> out.putString(value).putLong(count));
                return out.toByteArray();
            }

            @Override
            public Map<String, Long> decode(byte[] bytes) {
                Bytes.Reader in = new Bytes.Reader(bytes);
                int size = in.getInt();
                Map<String, Long> counts = new LinkedHashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    counts.put(in.getString(), in.getLong());
                }
                return counts;
            }
        };
    }

    /** What {@link #argMax} keeps: the best value so far and its score. */
    record Best(String value, BigDecimal score) {}

    /**
     * The value of a string field of the value with the largest score; among equal scores the
     * smallest by Unicode code points. Null for no value.
     */
    static <T> MergeableAggregate<T, Best, String> argMax(Function<? super T, String> field,
            Function<? super T, BigDecimal> score) {
        return new MergeableAggregate<>() {
            @Override
            public Best zero() {
                return null;
            }

            @Override
            public Best add(Best accumulator, T value) {
                return merge(accumulator, new Best(field.apply(value), score.apply(value)));
            }

            @Override
            public Best merge(Best first, Best second) {
                if (first == null || second == null) {
                    return first == null ? second : first;
                }
                int order = first.score().compareTo(second.score());
                if (order != 0) {
                    return order > 0 ? first : second;
                }
                return Bytes.compareCodePoints(first.value(), second.value()) <= 0 ? first : second;
            }

            @Override
            public String result(Best accumulator) {
                return accumulator == null ? null : accumulator.value();
            }

            @Override
            public byte[] encode(Best accumulator) {
                return accumulator == null ? new byte[0]
                        : new Bytes.Writer().putString(accumulator.value()).putDecimal(accumulator.score()).toByteArray();
            }

            @Override
            public Best decode(byte[] bytes) {
                if (bytes.length == 0) {
                    return null;
                }
                Bytes.Reader in = new Bytes.Reader(bytes);
                return new Best(in.getString(), in.getDecimal());
            }
        };
    }
}
