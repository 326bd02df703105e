package dev.spindle.examples.clickstream.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the reader keeps of a top-level object: names, unescaped strings, number tokens, kinds. */
class JsonReaderTest {
    private static JsonObject read(String text) {
        return JsonReader.readObject(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepMembersInOrderWithTheirValues() {
        JsonObject object = read("{\"s\":\"a\\tb\",\"n\":-12.50e+003,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,{\"x\":[]}],\"o\":{\"k\":\"v\"},\"s\":\"again\"}");
        assertEquals(List.of(
                new JsonObject.Member("s", new JsonValue.StringValue("a\tb")),
                new JsonObject.Member("n", new JsonValue.NumberValue("-12.50e+003")),
                new JsonObject.Member("t", JsonValue.Other.TRUE),
                new JsonObject.Member("f", JsonValue.Other.FALSE),
                new JsonObject.Member("z", JsonValue.Other.NULL),
                new JsonObject.Member("a", JsonValue.Other.ARRAY),
                new JsonObject.Member("o", JsonValue.Other.OBJECT),
                new JsonObject.Member("s", new JsonValue.StringValue("again"))), object.members());
        assertTrue(object.hasRepeatedName());
        assertEquals(new JsonValue.StringValue("a\tb"), object.get("s"));
        assertNull(object.get("missing"));
    }

    @Test
    void shouldReadAnEmptyObject() {
        JsonObject object = read(" {} ");
        assertEquals(List.of(), object.members());
        assertFalse(object.hasRepeatedName());
    }

    @Test
    void shouldKeepNumberTokensExactlyAsWritten() {
        for (String token : new String[] {"0", "-0", "-0.0", "1E400", "1e-400", "123456789012345678901234567890",
            "0.1", "1e+0", "5E-0"}) {
            assertEquals(new JsonValue.NumberValue(token), read("{\"n\":" + token + "}").get("n"), token);
        }
    }

    @Test
    void shouldUnescapeNamesAndStringsIntoUtf16() {
        JsonObject object = read("{\"\\u0069d\":\"\\uD83D\\uDE00\\u00E9\\/\"}");
        assertEquals(new JsonValue.StringValue("\uD83D\uDE00é/"), object.get("id"));
    }

    @Test
    void shouldNameThePositionOfASyntaxError() {
        JsonSyntaxException error = assertThrows(JsonSyntaxException.class, () -> read("{\"a\":01}"));
        assertEquals(6, error.position());
    }
}
