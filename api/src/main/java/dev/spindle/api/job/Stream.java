package dev.spindle.api.job;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** Parsed values, before event time is assigned: filter and map them. */
public final class Stream<T> {
    private final JobDraft draft;

    Stream(JobDraft draft) {
        this.draft = draft;
    }

    /** Keeps the values {@code predicate} accepts; the others are counted as filtered. */
    @SuppressWarnings("unchecked")
    public Stream<T> filter(Predicate<? super T> predicate) {
        draft.steps.add(new StreamJob.Step.Filter(value -> predicate.test((T) value)));
        return this;
    }

    @SuppressWarnings("unchecked")
    public <R> Stream<R> map(Function<? super T, ? extends R> function) {
        draft.steps.add(new StreamJob.Step.Map(value -> function.apply((T) value)));
        return new Stream<>(draft);
    }

    /** Each value's event time, in milliseconds since the epoch (negative times allowed). */
    @SuppressWarnings("unchecked")
    public TimedStream<T> withEventTime(ToLongFunction<? super T> eventTime) {
        draft.eventTime = value -> eventTime.applyAsLong((T) value);
        return new TimedStream<>(draft);
    }
}
