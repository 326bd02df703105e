package dev.spindle.examples.clickstream.json;

/**
 * A member value of a top-level JSON object as {@link JsonReader} keeps it: strings unescaped,
 * numbers as the exact text of their token (never converted), and everything else by kind only.
 * Nested arrays and objects are fully validated but not kept.
 */
public sealed interface JsonValue permits JsonValue.StringValue, JsonValue.NumberValue, JsonValue.Other {

    /**
     * A JSON string after unescaping. May hold lone surrogates when the text escaped one
     * (<code>"&#92;ud800"</code>): RFC 8259's grammar allows that.
     */
    record StringValue(String value) implements JsonValue {}

    /** A JSON number: its token exactly as written, matching RFC 8259's {@code number} rule. */
    record NumberValue(String text) implements JsonValue {}

    /** The values kept by kind only. */
    enum Other implements JsonValue {
        TRUE, FALSE, NULL, ARRAY, OBJECT
    }
}
