package dev.spindle.api.process;

/**
 * The clocks a keyed process function can set timers and TTLs on. Both are pinned with the batch,
 * so a replay after any failure fires the same timers and expires the same state.
 */
public enum TimeDomain {
    /** Event time: a timer fires in the first batch whose watermark reaches its time. */
    EVENT_TIME,
    /**
     * Processing time as the engine pins it: the batch time of the plan (milliseconds since the
     * epoch, increasing with every batch). A timer fires in the first batch whose batch time
     * reaches its time; a quiet input plans no batch, so a processing-time timer waits for one.
     */
    PROCESSING_TIME
}
