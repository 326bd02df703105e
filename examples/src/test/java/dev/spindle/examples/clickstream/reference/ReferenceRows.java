package dev.spindle.examples.clickstream.reference;

import dev.spindle.examples.clickstream.Click;
import java.util.List;

/**
 * What one of the reference jobs does with accepted clicks: the part in which {@code clickstream},
 * {@code sessions} and {@code url-trends} differ. It keeps what the checkpoint carries for it
 * between batches and runs.
 */
interface ReferenceRows {
    /** A click the batch accepted (in partition, then offset order). */
    void accept(Click click);

    /**
     * The rows of everything that {@code watermark} closes, which is then dropped. Called at the
     * start of a batch with its {@code wm_b}: the batch's own records cannot touch what it closes.
     */
    List<String> emitClosed(long watermark);

    /** Rows the batch's accepted clicks made at once (a process function's), emptied by the call. */
    default List<String> rowsOfAccepted() {
        return List.of();
    }
}
