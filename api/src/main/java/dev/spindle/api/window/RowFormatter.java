package dev.spindle.api.window;

/**
 * Renders one window result as one line of output (without the line break), e.g. a JSON object.
 * Must be deterministic.
 */
@FunctionalInterface
public interface RowFormatter<R> {
    String format(WindowResult<R> result);
}
