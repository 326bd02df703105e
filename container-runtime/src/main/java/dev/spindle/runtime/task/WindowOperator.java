package dev.spindle.runtime.task;

import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.FixedWindows;
import dev.spindle.api.window.SessionWindows;
import java.io.IOException;
import java.util.List;

/**
 * The keyed windows of one task in one batch, over the batch's {@link StateOverlay}. Per batch:
 * {@link #slots} for each accepted value as it is decided (the state it will read, fetched in
 * batched lookups by the processor), {@link #add} for each in offset order once fetched,
 * {@link #finish} after the last, then {@link #emit} when the batch has a watermark.
 */
interface WindowOperator {
    /** The state slots the value will read and change. */
    StateOverlay.Slot[] slots(Object value, long eventTime, String key);

    /** Adds the value to its window(s); its slots were fetched. */
    void add(StateOverlay.Slot[] slots, Object value, long eventTime) throws IOException;

    /** Writes what {@link #add} kept decoded back into the overlay, encoded. */
    void finish() throws IOException;

    /** The rows of every window the watermark closed, in emit order; their state is dropped. */
    List<String> emit(long watermark) throws IOException;

    /** The operator of the job's windows for one batch. */
    static WindowOperator forBatch(StreamJob job, StateOverlay state) throws IOException {
        if (job.windows() instanceof SessionWindows sessions) {
            return new SessionWindowOperator(job, sessions, state);
        }
        return new FixedWindowOperator(job, (FixedWindows) job.windows(), state);
    }
}
