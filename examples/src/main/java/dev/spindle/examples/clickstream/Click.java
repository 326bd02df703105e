package dev.spindle.examples.clickstream;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One valid click, as {@link ClickParser} accepts it: {@code id} and {@code user} non-empty,
 * {@code url} possibly empty, {@code ts} in {@code [0, 2^53]} milliseconds since the epoch, and
 * {@code amount} the exact decimal written in the input, in {@code [0, 10^12]} with at most two
 * decimal places.
 */
public record Click(String id, String user, String url, long ts, BigDecimal amount) {
    public Click {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(amount, "amount");
    }
}
