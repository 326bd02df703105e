package dev.spindle.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every string round-trips through its key bytes, and distinct strings never share them. */
class KeyBytesTest {
    /** Units a random string is made of: ASCII, '?', two- and three-byte characters, and both halves of a pair. */
    private static final char[] UNITS = {'a', '?', 'Z', '/', '\u00e9', '\u07ff', '\u0800', '\uffff', '\ud800', '\udbff',
        '\udc00', '\udfff', '\ufffd'};

    @Test
    void shouldRoundTripEveryStringAndKeepDistinctStringsApart() {
        Random random = new Random(13);
        for (int i = 0; i < 200_000; i++) {
            String a = randomString(random);
            String b = randomString(random);
            byte[] bytesA = KeyBytes.encode(a);
            assertEquals(bytesA.length, KeyBytes.encodedLength(a), a);
            assertEquals(a, KeyBytes.decode(bytesA), () -> "round trip of " + escaped(a));
            if (!a.equals(b)) {
                assertFalse(Arrays.equals(bytesA, KeyBytes.encode(b)), () -> escaped(a) + " and " + escaped(b));
            }
        }
    }

    @Test
    void shouldBeUtf8ForWellFormedStrings() {
        for (String text : new String[] {"", "u4711", "caf\u00e9", "\u20ac", "\ud83d\ude00", "a\ud800\udc00b"}) {
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), KeyBytes.encode(text), text);
        }
    }

    @Test
    void shouldWriteALoneSurrogateAsItsOwnThreeBytesNotAsAQuestionMark() {
        assertArrayEquals(new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}, KeyBytes.encode("\udc00"));
        assertArrayEquals(new byte[] {'?'}, KeyBytes.encode("?"));
        assertArrayEquals(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x'}, KeyBytes.encode("\ud800x"));
    }

    @Test
    void shouldDecodeAKeyInsideALargerArray() {
        byte[] key = new byte[12];
        int end = KeyBytes.encodeInto("\udc00\u00e9", key, 3);
        assertEquals(8, end);
        assertEquals("\udc00\u00e9", KeyBytes.decode(key, 3, end - 3));
    }

    private static String randomString(Random random) {
        char[] chars = new char[random.nextInt(5)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = UNITS[random.nextInt(UNITS.length)];
        }
        return new String(chars);
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }
}
