package dev.spindle.api.job;

import java.time.Duration;
import java.util.function.Function;

/** Values with event time: set the watermark, drop duplicates, key them. */
public final class TimedStream<T> {
    private final JobDraft draft;

    TimedStream(JobDraft draft) {
        this.draft = draft;
    }

    /**
     * The watermark of batch {@code b} is the largest event time accepted in batches before it,
     * minus {@code delay} (never moving back). A value whose event time is below the watermark of
     * its batch is late: counted and dropped.
     */
    public TimedStream<T> withWatermark(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("watermark delay must not be negative");
        }
        draft.watermarkDelayMillis = delay.toMillis();
        return this;
    }

    /**
     * Drops a value when an earlier value with the same key was accepted and its entry has not
     * expired. An entry of a value with event time {@code T} expires once the watermark reaches
     * {@code T + ttl} (logical TTL: event time, not the wall clock).
     */
    @SuppressWarnings("unchecked")
    public TimedStream<T> dropDuplicates(Function<? super T, String> key, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("dropDuplicates ttl must be positive");
        }
        draft.dedupKey = value -> key.apply((T) value);
        draft.dedupTtlMillis = ttl.toMillis();
        return this;
    }

    /** Groups values by key; the key must follow the input partitioning (see {@link StreamJob}). */
    @SuppressWarnings("unchecked")
    public KeyedStream<T> keyBy(Function<? super T, String> key) {
        draft.key = value -> key.apply((T) value);
        return new KeyedStream<>(draft);
    }
}
