package dev.spindle.examples.clickstream.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Strict UTF-8, cross-checked against the JDK's reporting decoder over whole byte ranges. */
class Utf8Test {
    private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private static String jdk(byte[] bytes) {
        try {
            return JDK.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String ours(byte[] bytes) {
        try {
            return Utf8.decode(bytes);
        } catch (JsonSyntaxException e) {
            return null;
        }
    }

    @Test
    void shouldAgreeWithTheJdkOnEverySequenceOfOneAndTwoBytes() {
        for (int a = 0; a < 256; a++) {
            assertEquals(jdk(new byte[] {(byte) a}), ours(new byte[] {(byte) a}), "byte " + a);
            for (int b = 0; b < 256; b++) {
                byte[] bytes = {(byte) a, (byte) b};
                assertEquals(jdk(bytes), ours(bytes), a + " " + b);
            }
        }
    }

    @Test
    void shouldAgreeWithTheJdkOnThreeAndFourByteSequences() {
        int[] tails = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
        for (int a = 0xc0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : tails) {
                    byte[] three = {(byte) a, (byte) b, (byte) c};
                    assertEquals(jdk(three), ours(three), a + " " + b + " " + c);
                    if (a < 0xef) {
                        continue; // four-byte leads are F0..F4; EF and F5..FF check their neighbours
                    }
                    for (int d : tails) {
                        byte[] four = {(byte) a, (byte) b, (byte) c, (byte) d};
                        assertEquals(jdk(four), ours(four), a + " " + b + " " + c + " " + d);
                    }
                }
            }
        }
    }

    @Test
    void shouldDecodeEveryCodePointThatIsNotASurrogate() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                continue;
            }
            String text = new String(Character.toChars(codePoint));
            assertEquals(text, Utf8.decode(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void shouldNameTheOffsetOfTheFirstBadByte() {
        assertEquals(3, assertThrows(JsonSyntaxException.class,
                () -> Utf8.decode(new byte[] {'a', 'b', (byte) 0xed, (byte) 0xa0, (byte) 0x80})).position());
        assertEquals(1, assertThrows(JsonSyntaxException.class,
                () -> Utf8.decode(new byte[] {'a', (byte) 0xc3})).position());
    }

    @Test
    void shouldEncodeLikeTheJdkWhenThereIsNoLoneSurrogate() {
        StringBuilder all = new StringBuilder();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint += codePoint < 0x10000 ? 1 : 97) {
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                all.appendCodePoint(codePoint);
            }
        }
        all.appendCodePoint(Character.MAX_CODE_POINT);
        String text = all.toString();
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Utf8.encode(text));
    }

    @Test
    void shouldEncodeLoneSurrogatesWithTheirThreeByteBitPattern() {
        assertArrayEquals(
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, 'x', (byte) 0xed, (byte) 0xbf, (byte) 0xbf},
                Utf8.encode("\uD800x\uDFFF"));
    }
}
