package dev.spindle.api;

import dev.spindle.api.config.Durations;
import dev.spindle.api.config.InvalidSettingException;
import java.time.Duration;

/**
 * When batches run.
 * <ul>
 *   <li>{@code processing-time=<interval>}: a batch starts at most once per interval, and at once
 *       when the previous one took longer; runs until stopped;
 *   <li>{@code once}: exactly one batch, then stop;
 *   <li>{@code available-now}: everything available when the run started, in rate-limited batches
 *       (and the no-data batches the watermark asks for), then stop.
 * </ul>
 */
public sealed interface Trigger {
    record ProcessingTime(Duration interval) implements Trigger {
        @Override
        public String toString() {
            return "processing-time=" + Durations.format(interval);
        }
    }

    record Once() implements Trigger {
        @Override
        public String toString() {
            return "once";
        }
    }

    record AvailableNow() implements Trigger {
        @Override
        public String toString() {
            return "available-now";
        }
    }

    /** Parses {@code processing-time=1s}, {@code processing-time} (1s), {@code once}, {@code available-now}. */
    static Trigger parse(String text) {
        String value = text.trim();
        if (value.equals("once")) {
            return new Once();
        }
        if (value.equals("available-now")) {
            return new AvailableNow();
        }
        if (value.equals("processing-time")) {
            return new ProcessingTime(Duration.ofSeconds(1));
        }
        if (value.startsWith("processing-time=")) {
            Duration interval = Durations.parse("trigger", value.substring("processing-time=".length()));
            if (interval.isZero()) {
                throw new InvalidSettingException("trigger: the processing-time interval must be positive");
            }
            return new ProcessingTime(interval);
        }
        throw new InvalidSettingException("trigger: '" + value
                + "' is not one of processing-time=<interval>, once, available-now");
    }
}
