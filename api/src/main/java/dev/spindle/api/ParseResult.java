package dev.spindle.api;

import java.util.Objects;

/**
 * What a {@link Parser} made of a record: a value, or the reason the record is malformed. A
 * malformed record goes to the dead-letter output with its reason and never stops the job.
 *
 * @param <T> the parsed type
 */
public final class ParseResult<T> {
    private final T value;
    private final String reason;

    private ParseResult(T value, String reason) {
        this.value = value;
        this.reason = reason;
    }

    public static <T> ParseResult<T> ok(T value) {
        return new ParseResult<>(Objects.requireNonNull(value), null);
    }

    /** @param reason a short code, such as {@code not_json} or {@code missing:ts} */
    public static <T> ParseResult<T> malformed(String reason) {
        return new ParseResult<>(null, Objects.requireNonNull(reason));
    }

    public boolean isMalformed() {
        return reason != null;
    }

    /** The parsed value; only when not malformed. */
    public T value() {
        if (reason != null) {
            throw new IllegalStateException("malformed record: " + reason);
        }
        return value;
    }

    /** The reason code; only when malformed. */
    public String reason() {
        return reason;
    }
}
