package dev.spindle.api;

import java.nio.charset.StandardCharsets;

/**
 * How a key string becomes bytes and back, wherever Spindle stores or routes keys: WTF-8, which
 * is UTF-8 for every well-formed string and writes a lone surrogate (a UTF-16 unit not part of a
 * high-low pair, which a JSON {@code "\udc00"} escape can produce) with the three-byte bit pattern
 * of any other code point below U+10000 ({@code ED B0 80} for U+DC00) instead of replacing it
 * with {@code ?} as {@code String.getBytes(UTF_8)} does. So every Java string has its own bytes
 * (distinct strings never share a key) and {@link #decode} gives the string back exactly.
 */
public final class KeyBytes {
    private KeyBytes() {}

    /** The WTF-8 bytes of {@code text}; for a string without lone surrogates, its UTF-8. */
    public static byte[] encode(String text) {
        byte[] bytes = new byte[encodedLength(text)];
        encodeInto(text, bytes, 0);
        return bytes;
    }

    /** How many bytes {@link #encode} writes for {@code text}. */
    public static int encodedLength(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // two units, four bytes
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * Writes the WTF-8 bytes of {@code text} into {@code target} from {@code offset}.
     *
     * @return the offset after the last byte written
     */
    public static int encodeInto(String text, byte[] target, int offset) {
        int at = offset;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            int c = text.charAt(i);
            if (c < 0x80) {
                target[at++] = (byte) c;
                continue;
            }
            if (Character.isHighSurrogate((char) c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, text.charAt(++i));
            }
            if (c < 0x800) {
                target[at++] = (byte) (0xC0 | (c >> 6));
            } else {
                if (c < 0x10000) {
                    target[at++] = (byte) (0xE0 | (c >> 12));
                } else {
                    target[at++] = (byte) (0xF0 | (c >> 18));
                    target[at++] = (byte) (0x80 | ((c >> 12) & 0x3F));
                }
                target[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            }
            target[at++] = (byte) (0x80 | (c & 0x3F));
        }
        return at;
    }

    /**
     * The string whose {@link #encode} bytes are {@code bytes[offset, offset + length)}.
     *
     * @throws IllegalArgumentException when the bytes are not WTF-8 (cut short, or a byte that no
     *     sequence starts with)
     */
    public static String decode(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int at = offset;
        while (at < end && bytes[at] >= 0) {
            at++;
        }
        if (at == end) { // ASCII only: the JDK's fast path
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[length];
        int count = 0;
        for (at = offset; at < end; ) {
            int lead = bytes[at] & 0xFF;
            int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
            if (size == 0 || at + size > end) {
                throw new IllegalArgumentException("not WTF-8: byte " + (at - offset) + " of a key of " + length);
            }
            int codePoint = size == 1 ? lead : lead & (0x7F >> size);
            for (int k = 1; k < size; k++) {
                codePoint = codePoint << 6 | (bytes[at + k] & 0x3F);
            }
            count += Character.toChars(codePoint, chars, count);
            at += size;
        }
        return new String(chars, 0, count);
    }

    /** {@link #decode} of the whole array. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }
}
