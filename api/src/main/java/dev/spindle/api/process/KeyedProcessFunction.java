package dev.spindle.api.process;

/**
 * Per-key logic with state and timers, Flink's {@code KeyedProcessFunction} for micro-batches. In
 * each batch the engine first calls {@link #onTimer} for every due timer in (time, key) order —
 * event-time timers up to the batch's watermark, then processing-time timers up to its batch
 * time: both clocks are pinned when the batch is planned, so they have passed those timers before
 * any of its values — then {@link #onValue} for each accepted value of a key in the order of the
 * batch (as windows receive them), then {@link #onTimer} for timers those calls set at or before
 * the clocks. State and timers live in the task's RocksDB and its checkpoint like
 * windows, so a replay after any failure calls the function with the same values, state and
 * timers: it must be deterministic (no wall clock, no randomness).
 *
 * @param <T> the values
 * @param <R> the rows it emits
 */
public interface KeyedProcessFunction<T, R> {
    void onValue(T value, long eventTime, KeyContext<R> context) throws Exception;

    default void onTimer(Timer timer, KeyContext<R> context) throws Exception {}
}
