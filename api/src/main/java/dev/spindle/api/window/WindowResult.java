package dev.spindle.api.window;

/** The final result of one key in one window: {@code [windowStart, windowEnd)}. */
public record WindowResult<R>(long windowStart, long windowEnd, String key, R value) {}
