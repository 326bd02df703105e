package dev.spindle.api.job;

import dev.spindle.api.Aggregate;
import dev.spindle.api.MergeableAggregate;
import dev.spindle.api.process.KeyedProcessFunction;
import dev.spindle.api.process.StateSpec;
import java.util.List;
import java.util.function.Function;
import dev.spindle.api.window.SessionWindows;
import dev.spindle.api.window.Windows;

/** Keyed values: window and aggregate them, or run a keyed process function over them. */
public final class KeyedStream<T> {
    private final JobDraft draft;

    KeyedStream(JobDraft draft) {
        this.draft = draft;
    }

    /**
     * Runs {@code function} per key, with the state it declares in {@code states} and timers; it
     * emits its rows through its context ({@link KeyedProcessFunction}).
     */
    @SuppressWarnings("unchecked")
    public <R> ProcessedStream<R> process(KeyedProcessFunction<? super T, R> function, StateSpec... states) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (StateSpec state : states) {
            if (!names.add(state.name())) {
                throw new IllegalArgumentException("job " + draft.name + ": two states are named '" + state.name() + "'");
            }
        }
        if (states.length > 200) {
            throw new IllegalArgumentException("job " + draft.name + ": at most 200 states, got " + states.length);
        }
        return new ProcessedStream<>(draft, (KeyedProcessFunction<Object, Object>) (KeyedProcessFunction<?, ?>) function,
                List.of(states));
    }

    /** The rows of a keyed process function: write them out. */
    public static final class ProcessedStream<R> {
        private final JobDraft draft;
        private final KeyedProcessFunction<Object, Object> function;
        private final List<StateSpec> states;

        ProcessedStream(JobDraft draft, KeyedProcessFunction<Object, Object> function, List<StateSpec> states) {
            this.draft = draft;
            this.function = function;
            this.states = states;
        }

        /** Writes each row as one line (the formatter's text) to the run's output, exactly once per committed batch. */
        @SuppressWarnings("unchecked")
        public StreamJob writeLines(Function<? super R, String> formatter) {
            draft.process = new StreamJob.Process(function, states, row -> formatter.apply((R) row));
            return draft.build(null);
        }
    }

    public WindowedStream<T> window(Windows windows) {
        draft.windows = windows;
        return new WindowedStream<>(draft);
    }

    /** Keyed values in windows. */
    public static final class WindowedStream<T> {
        private final JobDraft draft;

        WindowedStream(JobDraft draft) {
            this.draft = draft;
        }

        /**
         * Aggregates each key's values per window; a window's result is emitted once, in the first
         * batch whose watermark reaches its end, and its state dropped (output mode append).
         */
        @SuppressWarnings("unchecked")
        public <ACC, R> ResultStream<R> aggregate(Aggregate<? super T, ACC, R> aggregate) {
            if (draft.windows instanceof SessionWindows && !(aggregate instanceof MergeableAggregate)) {
                throw new IllegalArgumentException("job " + draft.name + ": session windows merge sessions, so their "
                        + "aggregate must be a MergeableAggregate (every one in Aggregates is)");
            }
            draft.aggregate = (Aggregate<Object, Object, Object>) (Aggregate<?, ?, ?>) aggregate;
            return new ResultStream<>(draft);
        }
    }
}
