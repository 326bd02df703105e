package dev.spindle.examples.clickstream;

import dev.spindle.examples.clickstream.json.JsonObject;
import dev.spindle.examples.clickstream.json.JsonReader;
import dev.spindle.examples.clickstream.json.JsonSyntaxException;
import dev.spindle.examples.clickstream.json.JsonValue;
import dev.spindle.examples.clickstream.json.Utf8;

/**
 * The Kafka key of a line of an input file, per the contract's "Loading an input file": the UTF-8
 * bytes of {@code user} when the line is a JSON object (strictly, as {@link ClickParser} reads
 * it) without repeated top-level keys whose {@code user} is a non-empty JSON string, even if the
 * line is otherwise malformed; null (no key) for every other line.
 */
public final class ClickInputKey {
    private ClickInputKey() {}

    /**
     * @param line the bytes of one line, without its {@code \n} (a {@code \r} stays: it is JSON
     *     whitespace)
     * @return the key, or null to send the line without one
     */
    public static byte[] of(byte[] line) {
        if (line == null) {
            return null;
        }
        JsonObject object;
        try {
            object = JsonReader.readObject(line);
        } catch (JsonSyntaxException e) {
            return null;
        }
        if (object.hasRepeatedName()) {
            return null;
        }
        if (object.get("user") instanceof JsonValue.StringValue user && !user.value().isEmpty()) {
            // A user with an escaped lone surrogate has no UTF-8 form proper; Utf8.encode writes
            // it as WTF-8 so that distinct users keep distinct keys.
            return Utf8.encode(user.value());
        }
        return null;
    }
}
