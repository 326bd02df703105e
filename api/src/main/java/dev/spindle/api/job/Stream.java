package dev.spindle.api.job;

import dev.spindle.api.table.StaticTable;
import java.util.function.BiFunction;
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

    /**
     * Zero or more values for each value; an empty result counts the value as filtered, and each
     * value beyond the first counts in {@code records_expanded}.
     */
    @SuppressWarnings("unchecked")
    public <R> Stream<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> function) {
        draft.steps.add(new StreamJob.Step.FlatMap(value -> function.apply((T) value)));
        return new Stream<>(draft);
    }

    /**
     * Joins each value with a {@link StaticTable}: {@code joiner} gets the value and the table's
     * value for {@code key(value)}, or null when the table has no such key. Every batch joins
     * against the table's version pinned with its plan.
     */
    @SuppressWarnings("unchecked")
    public <R> Stream<R> joinTable(StaticTable table, Function<? super T, String> key,
            BiFunction<? super T, String, ? extends R> joiner) {
        for (StreamJob.Step step : draft.steps) {
            if (step instanceof StreamJob.Step.Join join && join.table().name().equals(table.name())) {
                throw new IllegalArgumentException("job " + draft.name + ": two tables are named '" + table.name() + "'");
            }
        }
        draft.steps.add(new StreamJob.Step.Join(table, value -> key.apply((T) value),
                (value, row) -> joiner.apply((T) value, row)));
        return new Stream<>(draft);
    }

    /** Each value's event time, in milliseconds since the epoch (negative times allowed). */
    @SuppressWarnings("unchecked")
    public TimedStream<T> withEventTime(ToLongFunction<? super T> eventTime) {
        draft.eventTime = value -> eventTime.applyAsLong((T) value);
        return new TimedStream<>(draft);
    }
}
