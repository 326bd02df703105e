package dev.spindle.examples.clickstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The contract's key for input-file lines ("Loading an input file"). */
class ClickInputKeyTest {
    private static byte[] key(String line) {
        return new ClickstreamJob().inputKey(line.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeyAValidClickByTheUtf8BytesOfItsUser() {
        assertArrayEquals(utf8("u4711"), key(ClickJson.valid().text()));
        assertArrayEquals(utf8("u4711"), key(ClickJson.valid().text() + "\r"));
        assertArrayEquals(utf8("é用\uD83D\uDE00"), key(ClickJson.valid().with("user", "\"\\u00e9用\\ud83d\\ude00\"").text()));
    }

    @Test
    void shouldKeyAnOtherwiseMalformedObjectWithAUsableUser() {
        assertArrayEquals(utf8("u4711"), key(ClickJson.valid().without("id").text()));
        assertArrayEquals(utf8("u4711"), key(ClickJson.valid().with("ts", "1.5").with("amount", "-1").text()));
        assertArrayEquals(utf8("u"), key("{\"user\":\"u\"}"));
        assertArrayEquals(utf8("u"), key("{\"id\":\"\",\"user\":\"u\"}"));
    }

    @Test
    void shouldSendEveryOtherLineWithoutAKey() {
        assertNull(new ClickstreamJob().inputKey(null));
        assertNull(key(""));
        assertNull(key("not json"));
        assertNull(key("[{\"user\":\"u\"}]"));
        assertNull(key(ClickJson.valid().text() + ","));
        assertNull(key(ClickJson.valid().with("user", "\"\"").text()));
        assertNull(key(ClickJson.valid().with("user", "17").text()));
        assertNull(key(ClickJson.valid().with("user", "null").text()));
        assertNull(key(ClickJson.valid().without("user").text()));
        assertNull(key(ClickJson.valid().with("x", "1").text().replace("}", ",\"x\":2}")));
        assertNull(key("{\"user\":\"a\",\"user\":\"a\"}"));
        assertNull(new ClickstreamJob().inputKey(ClickJson.bytes("{\"user\":\"u", new int[] {0xc0, 0x80}, "\"}")));
        assertNull(new ClickstreamJob().inputKey(ClickJson.bytes("", new int[] {0xef, 0xbb, 0xbf}, "{\"user\":\"u\"}")));
    }

    @Test
    void shouldKeepALoneSurrogateDistinctInTheKey() {
        assertArrayEquals(new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, key("{\"user\":\"a\\ud800\"}"));
    }
}
