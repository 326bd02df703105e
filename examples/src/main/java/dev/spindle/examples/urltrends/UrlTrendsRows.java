package dev.spindle.examples.urltrends;

import dev.spindle.api.window.AggregateRow;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.RowFormatter;
import dev.spindle.api.window.WindowResult;
import dev.spindle.examples.clickstream.json.JsonStrings;

/**
 * Renders one (window, url) as the contract's row, fields in this order and no spaces:
 * <pre>{@code {"window_start":1767225550000,"window_end":1767225610000,"url":"/p/12","count":7,"sum":103.5,
 * "users":6,"countries":3,"top_country":"de"}}</pre>
 */
public final class UrlTrendsRows implements RowFormatter<AggregateRow> {
    @Override
    public String format(WindowResult<AggregateRow> window) {
        StringBuilder row = new StringBuilder(160).append("{\"window_start\":").append(window.windowStart())
                .append(",\"window_end\":").append(window.windowEnd())
                .append(",\"url\":");
        JsonStrings.appendQuoted(row, window.key());
        AggregateRow value = window.value();
        row.append(",\"count\":").append(value.getLong("count"))
                .append(",\"sum\":").append(Aggregates.plainDecimal(value.getDecimal("sum")))
                .append(",\"users\":").append(value.getLong("users"))
                .append(",\"countries\":").append(value.getLong("countries"))
                .append(",\"top_country\":");
        JsonStrings.appendQuoted(row, value.getString("top_country"));
        return row.append('}').toString();
    }
}
