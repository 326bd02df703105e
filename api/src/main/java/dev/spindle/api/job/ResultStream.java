package dev.spindle.api.job;

import dev.spindle.api.window.RowFormatter;
import dev.spindle.api.window.WindowResult;

/** Window results: write them out. */
public final class ResultStream<R> {
    private final JobDraft draft;

    ResultStream(JobDraft draft) {
        this.draft = draft;
    }

    /**
     * Writes each result as one line (the formatter's text) to the file sink: files under the
     * run's output directory, published exactly once per committed batch.
     */
    @SuppressWarnings("unchecked")
    public StreamJob writeLines(RowFormatter<R> formatter) {
        return draft.build(result -> formatter.format((WindowResult<R>) (WindowResult<?>) result));
    }
}
