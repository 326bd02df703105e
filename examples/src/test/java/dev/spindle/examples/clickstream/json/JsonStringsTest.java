package dev.spindle.examples.clickstream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Quoting round-trips through the strict reader for every BMP character and a supplementary one. */
class JsonStringsTest {
    @Test
    void shouldRoundTripEveryCharacterThroughTheReader() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            all.append(c);
        }
        for (char c = (char) (Character.MAX_SURROGATE + 1); c != 0; c++) {
            all.append(c);
        }
        all.append("\uD83D\uDE00");
        String quoted = JsonStrings.quote(all.toString());
        JsonObject object = JsonReader.readObject(("{\"v\":" + quoted + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(new JsonValue.StringValue(all.toString()), object.get("v"));
    }

    @Test
    void shouldRoundTripLoneSurrogatesAsEscapes() {
        String value = "\uDBFF\uD800\uDC00\uDFFF";
        String quoted = JsonStrings.quote(value);
        assertEquals("\"\\udbff\uD800\uDC00\\udfff\"", quoted);
        JsonObject object = JsonReader.readObject(("{\"v\":" + quoted + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(new JsonValue.StringValue(value), object.get("v"));
    }
}
