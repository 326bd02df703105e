package dev.spindle.state.retention;

import dev.spindle.state.StateOptions;
import java.time.Duration;
import java.util.function.Function;

/** How much of a checkpoint GC keeps; see {@link StateOptions#RETAIN}, {@link StateOptions#FALLBACK_DEPTH}, {@link StateOptions#GC_GRACE}. */
public record RetentionSettings(int retain, int fallbackDepth, Duration gcGrace) {

    public static RetentionSettings read(Function<String, String> conf) {
        return new RetentionSettings(StateOptions.RETAIN.read(conf), StateOptions.FALLBACK_DEPTH.read(conf),
                StateOptions.GC_GRACE.read(conf));
    }

    public static RetentionSettings defaults() {
        return read(key -> null);
    }
}
