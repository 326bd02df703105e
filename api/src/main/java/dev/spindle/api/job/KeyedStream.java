package dev.spindle.api.job;

import dev.spindle.api.Aggregate;
import dev.spindle.api.MergeableAggregate;
import dev.spindle.api.window.SessionWindows;
import dev.spindle.api.window.Windows;

/** Keyed values: window and aggregate them. */
public final class KeyedStream<T> {
    private final JobDraft draft;

    KeyedStream(JobDraft draft) {
        this.draft = draft;
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
