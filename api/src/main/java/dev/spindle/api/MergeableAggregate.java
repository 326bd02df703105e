package dev.spindle.api;

/**
 * An aggregate whose accumulators of two disjoint sets of values can be merged into the
 * accumulator of their union: what session windows need, since a value may join two sessions
 * into one. {@link #merge} must not depend on which accumulator is first, must be deterministic,
 * and may return either argument, changed.
 */
public interface MergeableAggregate<IN, ACC, OUT> extends Aggregate<IN, ACC, OUT> {
    ACC merge(ACC first, ACC second);
}
