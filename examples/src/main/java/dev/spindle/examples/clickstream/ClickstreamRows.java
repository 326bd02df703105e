package dev.spindle.examples.clickstream;

import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.RowFormatter;
import dev.spindle.api.window.WindowResult;
import dev.spindle.examples.clickstream.json.JsonStrings;

/**
 * Renders one (window, user) result as the contract's output row, fields in this order and no
 * spaces:
 * <pre>{@code {"window_start":1767225600000,"window_end":1767225610000,"user":"u4711","count":3,"sum":37.5}}</pre>
 * {@code user} is a JSON string escaped as {@link JsonStrings#appendQuoted} says; {@code sum} is
 * the shortest plain decimal ({@link Aggregates#plainDecimal}): {@code 40}, {@code 37.5},
 * {@code 0.05}, {@code 0}.
 */
public final class ClickstreamRows implements RowFormatter<Aggregates.CountAndSum> {
    @Override
    public String format(WindowResult<Aggregates.CountAndSum> result) {
        StringBuilder row = new StringBuilder(112);
        row.append("{\"window_start\":").append(result.windowStart())
                .append(",\"window_end\":").append(result.windowEnd())
                .append(",\"user\":");
        JsonStrings.appendQuoted(row, result.key());
        return row.append(",\"count\":").append(result.value().count())
                .append(",\"sum\":").append(Aggregates.plainDecimal(result.value().sum()))
                .append('}')
                .toString();
    }
}
