package dev.spindle.api.window;

import java.time.Duration;

/**
 * Sliding event-time windows: a window of {@code size} starts every {@code slide}, aligned to the
 * epoch, so a timestamp {@code ts} is in the windows starting at
 * {@code ts - floorMod(ts, slide) - k * slide} for {@code k = 0, 1, ...} while that start is above
 * {@code ts - size} ({@code size / slide} windows when the slide divides the size).
 */
public record SlidingWindows(long sizeMillis, long slideMillis) implements FixedWindows {
    public SlidingWindows {
        if (sizeMillis <= 0 || slideMillis <= 0) {
            throw new IllegalArgumentException("sliding windows need a positive size and slide, got size "
                    + sizeMillis + " ms, slide " + slideMillis + " ms");
        }
        if (slideMillis > sizeMillis) {
            throw new IllegalArgumentException("a slide of " + slideMillis + " ms is longer than the window ("
                    + sizeMillis + " ms): values between windows would be lost");
        }
    }

    public static SlidingWindows of(Duration size, Duration slide) {
        return new SlidingWindows(size.toMillis(), slide.toMillis());
    }

    @Override
    public String topology() {
        return "sliding=" + sizeMillis + "/" + slideMillis;
    }
}
