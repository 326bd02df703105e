package dev.spindle.api.job;

import dev.spindle.api.Codec;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

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
        draft.checkNoAcceptedSteps("withWatermark");
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
        draft.checkNoAcceptedSteps("dropDuplicates");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("dropDuplicates ttl must be positive");
        }
        draft.dedupKey = value -> key.apply((T) value);
        draft.dedupTtlMillis = ttl.toMillis();
        return this;
    }

    /**
     * Keeps the accepted values {@code predicate} accepts (after the late check and deduplication);
     * the others are counted as filtered, not accepted. A value keeps its event time through
     * these steps.
     */
    @SuppressWarnings("unchecked")
    public TimedStream<T> filter(Predicate<? super T> predicate) {
        draft.acceptedSteps.add(new StreamJob.Step.Filter(value -> predicate.test((T) value)));
        return this;
    }

    /** Maps each accepted value; it keeps its event time. */
    @SuppressWarnings("unchecked")
    public <R> TimedStream<R> map(Function<? super T, ? extends R> function) {
        draft.acceptedSteps.add(new StreamJob.Step.Map(value -> function.apply((T) value)));
        return new TimedStream<>(draft);
    }

    /**
     * Zero or more values for each accepted value, each with its event time; an empty result
     * counts it as filtered, each value beyond the first counts in {@code records_expanded}.
     */
    @SuppressWarnings("unchecked")
    public <R> TimedStream<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> function) {
        draft.acceptedSteps.add(new StreamJob.Step.FlatMap(value -> function.apply((T) value)));
        return new TimedStream<>(draft);
    }

    /**
     * Groups values by {@code key}, moving them between tasks (a shuffle) so that all values of a
     * key meet in one task of the next stage. The next stage has {@code spindle.job.shuffle-partitions}
     * tasks (default: the input's partition count); {@code codec} writes the values into the
     * shuffle and reads them back.
     */
    public KeyedStream<T> keyBy(Function<? super T, String> key, Codec<T> codec) {
        return shuffle(key, codec, 0);
    }

    /** As {@link #keyBy(Function, Codec)}, with exactly {@code partitions} tasks after the shuffle. */
    public KeyedStream<T> repartition(Function<? super T, String> key, int partitions, Codec<T> codec) {
        if (partitions < 1) {
            throw new IllegalArgumentException("job " + draft.name + ": repartition needs at least 1 partition, got "
                    + partitions);
        }
        return shuffle(key, codec, partitions);
    }

    /**
     * Groups values by a key the input topic is partitioned by: values stay in their task, no
     * shuffle. Correct only when the producer wrote every value of a key to one partition (Kafka's
     * default partitioner keyed by it does); values of one key in two partitions are grouped apart.
     */
    @SuppressWarnings("unchecked")
    public KeyedStream<T> keyByPartitionKey(Function<? super T, String> key) {
        draft.key = value -> key.apply((T) value);
        return new KeyedStream<>(draft);
    }

    @SuppressWarnings("unchecked")
    private KeyedStream<T> shuffle(Function<? super T, String> key, Codec<T> codec, int partitions) {
        if (codec == null) {
            throw new IllegalArgumentException("job " + draft.name + ": a shuffle needs a codec for its values");
        }
        draft.key = value -> key.apply((T) value);
        draft.shuffle = new StreamJob.Shuffle((Codec<Object>) codec, partitions);
        return new KeyedStream<>(draft);
    }
}
