package dev.spindle.examples.clickstream;

import dev.spindle.api.ParseResult;
import dev.spindle.api.Parser;
import dev.spindle.api.SourceRecord;
import dev.spindle.examples.clickstream.json.JsonObject;
import dev.spindle.examples.clickstream.json.JsonReader;
import dev.spindle.examples.clickstream.json.JsonSyntaxException;
import dev.spindle.examples.clickstream.json.JsonValue;
import java.math.BigDecimal;

/**
 * Parses a record's value into a {@link Click}, or names why it is malformed with the first
 * failing check of the clickstream contract ({@code shared/spec/clickstream.md}, "Input"):
 * <ol>
 *   <li>{@code null_value};
 *   <li>{@code not_json}: not exactly one strict JSON object in valid UTF-8 (see {@link JsonReader});
 *   <li>{@code duplicate_key}: a top-level name repeated, compared after unescaping;
 *   <li>{@code missing:<f>} / {@code type:<f>} for {@code id}, {@code user}, {@code url} in that
 *       order: absent, or not a JSON string;
 *   <li>{@code empty:id}, then {@code empty:user};
 *   <li>{@code missing:ts} / {@code type:ts} (not a number written {@code -?(0|[1-9][0-9]*)}) /
 *       {@code range:ts} (outside {@code [0, 2^53]});
 *   <li>{@code missing:amount} / {@code type:amount} (not a number);
 *   <li>{@code negative_amount}, then {@code amount_scale} (a non-zero digit beyond the second
 *       decimal place), then {@code range:amount} (above 10^12), all on the exact value of the text.
 * </ol>
 * Other fields are ignored. Only the value bytes are read; stateless and thread-safe.
 */
public final class ClickParser implements Parser<Click> {
    /** The largest valid {@code ts}: 2^53. */
    static final long MAX_TS = 1L << 53;
    /** The largest valid {@code amount} is 10^12. */
    static final int MAX_AMOUNT_POWER_OF_TEN = 12;
    private static final int AMOUNT_DECIMAL_PLACES = 2;

    @Override
    public ParseResult<Click> parse(SourceRecord record) {
        return parse(record.value());
    }

    /** Classifies {@code value} (the record's value bytes, possibly null). */
    public ParseResult<Click> parse(byte[] value) {
        if (value == null) {
            return ParseResult.malformed("null_value");
        }
        JsonObject object;
        try {
            object = JsonReader.readObject(value);
        } catch (JsonSyntaxException e) {
            return ParseResult.malformed("not_json");
        }
        if (object.hasRepeatedName()) {
            return ParseResult.malformed("duplicate_key");
        }
        return click(object);
    }

    private static ParseResult<Click> click(JsonObject object) {
        for (String field : new String[] {"id", "user", "url"}) {
            JsonValue value = object.get(field);
            if (value == null) {
                return ParseResult.malformed("missing:" + field);
            }
            if (!(value instanceof JsonValue.StringValue)) {
                return ParseResult.malformed("type:" + field);
            }
        }
        String id = text(object, "id");
        String user = text(object, "user");
        if (id.isEmpty()) {
            return ParseResult.malformed("empty:id");
        }
        if (user.isEmpty()) {
            return ParseResult.malformed("empty:user");
        }
        ParseResult<Long> ts = timestamp(object.get("ts"));
        if (ts.isMalformed()) {
            return ParseResult.malformed(ts.reason());
        }
        ParseResult<BigDecimal> amount = amount(object.get("amount"));
        if (amount.isMalformed()) {
            return ParseResult.malformed(amount.reason());
        }
        return ParseResult.ok(new Click(id, user, text(object, "url"), ts.value(), amount.value()));
    }

    private static String text(JsonObject object, String field) {
        return ((JsonValue.StringValue) object.get(field)).value();
    }

    /** Check 6. {@code -0} is written as an integer and is 0, so it is valid. */
    static ParseResult<Long> timestamp(JsonValue value) {
        if (value == null) {
            return ParseResult.malformed("missing:ts");
        }
        if (!(value instanceof JsonValue.NumberValue number) || !isWrittenAsInteger(number.text())) {
            return ParseResult.malformed("type:ts");
        }
        String text = number.text();
        boolean minus = text.startsWith("-");
        String digits = minus ? text.substring(1) : text;
        if (digits.equals("0")) {
            return ParseResult.ok(0L);
        }
        // No leading zeros (the JSON grammar forbids them), so more than 16 digits is above 2^53.
        if (minus || digits.length() > 16 || Long.parseLong(digits) > MAX_TS) {
            return ParseResult.malformed("range:ts");
        }
        return ParseResult.ok(Long.parseLong(digits));
    }

    /** A valid JSON number token is an integer {@code -?(0|[1-9][0-9]*)} exactly when it has no fraction or exponent. */
    private static boolean isWrittenAsInteger(String token) {
        return token.indexOf('.') < 0 && token.indexOf('e') < 0 && token.indexOf('E') < 0;
    }

    /** Checks 7 and 8. */
    static ParseResult<BigDecimal> amount(JsonValue value) {
        if (value == null) {
            return ParseResult.malformed("missing:amount");
        }
        if (!(value instanceof JsonValue.NumberValue number)) {
            return ParseResult.malformed("type:amount");
        }
        ExactDecimal amount = ExactDecimal.parse(number.text());
        if (amount.isNegative()) {
            return ParseResult.malformed("negative_amount");
        }
        if (amount.hasDigitBeyondDecimalPlace(AMOUNT_DECIMAL_PLACES)) {
            return ParseResult.malformed("amount_scale");
        }
        if (amount.magnitudeExceedsPowerOfTen(MAX_AMOUNT_POWER_OF_TEN)) {
            return ParseResult.malformed("range:amount");
        }
        return ParseResult.ok(amount.toBigDecimal());
    }
}
