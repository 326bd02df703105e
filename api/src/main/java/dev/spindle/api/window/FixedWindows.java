package dev.spindle.api.window;

/**
 * Event-time windows of a fixed size, aligned to the epoch, that start every {@link #slideMillis}:
 * {@link TumblingWindows} (the slide is the size: each timestamp is in one window) and
 * {@link SlidingWindows} (each timestamp is in every window {@code [start, start + size)} that
 * holds it). A window's result is emitted once, in the first batch whose watermark reaches its end.
 */
public sealed interface FixedWindows extends Windows permits TumblingWindows, SlidingWindows {
    long sizeMillis();

    long slideMillis();

    /** The end of the latest window that holds {@code timestamp}: the first one to start after it, plus the size. */
    default long lastEndOf(long timestamp) {
        return timestamp - Math.floorMod(timestamp, slideMillis()) + sizeMillis();
    }

    /**
     * The ends of every window that holds {@code timestamp}, latest first: {@code lastEndOf(ts)},
     * then one slide earlier each, while the window still holds it.
     */
    default long[] endsOf(long timestamp) {
        long last = lastEndOf(timestamp);
        int count = 0;
        for (long end = last; end > timestamp; end -= slideMillis()) {
            count++;
        }
        long[] ends = new long[count];
        for (int i = 0; i < count; i++) {
            ends[i] = last - i * slideMillis();
        }
        return ends;
    }
}
