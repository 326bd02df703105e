package dev.spindle.api;

/**
 * A user aggregate over the values of one key in one window, kept in keyed state between batches.
 * {@link #add} is called once per accepted value in input order; {@link #result} once, when the
 * window is emitted. The accumulator is stored as bytes: {@link #encode} and {@link #decode} must
 * round-trip exactly, and all methods must be deterministic.
 *
 * @param <IN> the values aggregated
 * @param <ACC> the accumulator
 * @param <OUT> the result
 */
public interface Aggregate<IN, ACC, OUT> {
    /** The accumulator of a window that has seen no value. */
    ACC zero();

    /** The accumulator after one more value; may return {@code accumulator} itself, changed. */
    ACC add(ACC accumulator, IN value);

    OUT result(ACC accumulator);

    byte[] encode(ACC accumulator);

    ACC decode(byte[] bytes);
}
