package dev.spindle.api.window;

import java.time.Duration;

/**
 * Tumbling event-time windows of a fixed size, aligned to the epoch: a timestamp {@code ts}
 * belongs to {@code [ts - floorMod(ts, size), that + size)}, negative timestamps included.
 */
public record TumblingWindows(long sizeMillis) implements FixedWindows {
    public TumblingWindows {
        if (sizeMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + sizeMillis + " ms");
        }
    }

    public static TumblingWindows of(Duration size) {
        return new TumblingWindows(size.toMillis());
    }

    @Override
    public long slideMillis() {
        return sizeMillis;
    }

    public long startOf(long timestamp) {
        return timestamp - Math.floorMod(timestamp, sizeMillis);
    }

    public long endOf(long timestamp) {
        return startOf(timestamp) + sizeMillis;
    }

    @Override
    public String topology() {
        return "tumbling=" + sizeMillis;
    }
}
