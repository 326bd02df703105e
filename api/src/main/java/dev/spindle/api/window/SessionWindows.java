package dev.spindle.api.window;

import java.time.Duration;

/**
 * Session windows in event time: each value with event time {@code ts} opens the interval
 * {@code [ts, ts + gap)}, and a key's session is a maximal set of its values whose intervals,
 * merged where they overlap, form one interval. A value may arrive out of order, extend a session
 * at either end, or join two sessions into one. A session runs from its smallest {@code ts} to its
 * largest {@code ts + gap}, and is emitted once, in the first batch whose watermark reaches its end.
 * Its aggregate must be a {@link dev.spindle.api.MergeableAggregate}.
 */
public record SessionWindows(long gapMillis) implements Windows {
    public SessionWindows {
        if (gapMillis <= 0) {
            throw new IllegalArgumentException("a session gap must be positive, got " + gapMillis + " ms");
        }
    }

    public static SessionWindows withGap(Duration gap) {
        return new SessionWindows(gap.toMillis());
    }

    @Override
    public String topology() {
        return "session=" + gapMillis;
    }
}
