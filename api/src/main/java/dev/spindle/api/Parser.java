package dev.spindle.api;

/**
 * Turns the bytes of an input record into a value, or says why it cannot. Must be deterministic:
 * replaying a batch parses the same records again.
 *
 * @param <T> the parsed type
 */
@FunctionalInterface
public interface Parser<T> {
    ParseResult<T> parse(SourceRecord record);
}
