package dev.spindle.examples.clickstream.json;

import dev.spindle.api.KeyBytes;

/**
 * Strict UTF-8 decoding (RFC 3629, Unicode table 3-7 "well-formed byte sequences"). Unlike
 * {@code new String(bytes, UTF_8)} it never substitutes U+FFFD: it refuses the input instead.
 * And an encoder that never substitutes either.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * Decodes {@code bytes} into a string of the same code points.
     *
     * @throws JsonSyntaxException at the offset of the first byte that is not part of a
     *     well-formed sequence: a stray continuation byte, a lead byte {@code C0}, {@code C1} or
     *     {@code F5..FF}, an overlong form, an encoded surrogate ({@code ED A0..BF}), a code point
     *     above U+10FFFF, or a sequence cut short
     */
    public static String decode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        int count = 0;
        int index = 0;
        while (index < bytes.length) {
            int lead = bytes[index] & 0xFF;
            if (lead < 0x80) {
                chars[count++] = (char) lead;
                index++;
                continue;
            }
            int length = sequenceLength(lead, index);
            if (index + length > bytes.length) {
                throw new JsonSyntaxException("truncated UTF-8 sequence", index);
            }
            int codePoint = lead & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[index + k] & 0xFF;
                if (next < lowestSecond(lead, k) || next > highestSecond(lead, k)) {
                    throw new JsonSyntaxException("invalid UTF-8 continuation byte", index + k);
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            count += Character.toChars(codePoint, chars, count);
            index += length;
        }
        return new String(chars, 0, count);
    }

    /**
     * Encodes {@code text} as UTF-8. A lone surrogate, which UTF-8 proper cannot represent, is
     * written with the same three-byte bit pattern as any other BMP code point ({@code ED A0 80}
     * for U+D800, as WTF-8 does) rather than replaced, so distinct strings keep distinct bytes: the
     * engine's own {@link KeyBytes}. For strings without lone surrogates this equals
     * {@code text.getBytes(UTF_8)}.
     */
    public static byte[] encode(String text) {
        return KeyBytes.encode(text);
    }

    private static int sequenceLength(int lead, int index) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        throw new JsonSyntaxException("invalid UTF-8 lead byte", index);
    }

    /** The lowest byte allowed at position {@code k} of a sequence; narrower after E0 and F0 (no overlongs). */
    private static int lowestSecond(int lead, int k) {
        if (k == 1 && lead == 0xE0) {
            return 0xA0;
        }
        if (k == 1 && lead == 0xF0) {
            return 0x90;
        }
        return 0x80;
    }

    /** The highest byte allowed at position {@code k}; narrower after ED (no surrogates) and F4 (no > U+10FFFF). */
    private static int highestSecond(int lead, int k) {
        if (k == 1 && lead == 0xED) {
            return 0x9F;
        }
        if (k == 1 && lead == 0xF4) {
            return 0x8F;
        }
        return 0xBF;
    }
}
