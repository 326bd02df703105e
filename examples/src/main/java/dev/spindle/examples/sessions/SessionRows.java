package dev.spindle.examples.sessions;

import dev.spindle.api.window.AggregateRow;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.RowFormatter;
import dev.spindle.api.window.WindowResult;
import dev.spindle.examples.clickstream.json.JsonStrings;

/**
 * Renders one session as the contract's row, fields in this order and no spaces:
 * <pre>{@code {"user":"u4711","session_start":1767225601234,"session_end":1767225687000,"count":9,"sum":310.25,"urls":4}}</pre>
 */
public final class SessionRows implements RowFormatter<AggregateRow> {
    @Override
    public String format(WindowResult<AggregateRow> session) {
        StringBuilder row = new StringBuilder(128).append("{\"user\":");
        JsonStrings.appendQuoted(row, session.key());
        return row.append(",\"session_start\":").append(session.windowStart())
                .append(",\"session_end\":").append(session.windowEnd())
                .append(",\"count\":").append(session.value().getLong("count"))
                .append(",\"sum\":").append(Aggregates.plainDecimal(session.value().getDecimal("sum")))
                .append(",\"urls\":").append(session.value().getLong("urls"))
                .append('}')
                .toString();
    }
}
