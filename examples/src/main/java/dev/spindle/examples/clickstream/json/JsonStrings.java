package dev.spindle.examples.clickstream.json;

/** Writes Java strings as JSON string literals whose UTF-8 encoding is always valid. */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {}

    /**
     * Appends {@code value} in double quotes. Escaped: {@code "} and {@code \} with a backslash;
     * control characters below U+0020 as {@code \b \t \n \f \r} or <code>&#92;u00xx</code>; and a lone
     * surrogate (one not part of a high-low pair) as <code>&#92;uxxxx</code>, since it has no UTF-8 form.
     * Every other character, non-ASCII included, is written as itself. Hex digits are lower case.
     */
    public static StringBuilder appendQuoted(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                appendUnicodeEscape(out, c);
            } else {
                appendChar(out, c);
            }
        }
        return out.append('"');
    }

    /** {@code value} as a JSON string literal; see {@link #appendQuoted}. */
    public static String quote(String value) {
        return appendQuoted(new StringBuilder(value.length() + 2), value).toString();
    }

    private static void appendChar(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\f' -> out.append("\\f");
            case '\r' -> out.append("\\r");
            default -> {
                if (c < 0x20) {
                    appendUnicodeEscape(out, c);
                } else {
                    out.append(c);
                }
            }
        }
    }

    private static void appendUnicodeEscape(StringBuilder out, char c) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }
}
