package dev.spindle.examples.clickstream.reference;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The contract's output lines, written here independently of the job's formatter: rows and dead
 * letters. Strings are escaped per code point: {@code "} and {@code \}, controls below U+0020
 * (short forms where JSON has them, else <code>&#92;u00xx</code>), lone surrogates as <code>&#92;uxxxx</code>;
 * everything else raw. Hex in lower case.
 */
final class ReferenceOutput {
    private ReferenceOutput() {}

    static String row(long windowStart, long windowEnd, String user, long count, BigDecimal sum) {
        return "{\"window_start\":" + windowStart + ",\"window_end\":" + windowEnd + ",\"user\":" + string(user)
                + ",\"count\":" + count + ",\"sum\":" + shortestPlain(sum) + "}";
    }

    /**
     * {@code {"partition":P,"offset":O,"reason":"...","value":"...","value_b64":"..."}}; for a null
     * value both {@code value} and {@code value_b64} are JSON null. {@code value} decodes with the
     * JDK's U+FFFD replacement (the contract fixes no replacement granularity; {@code value_b64},
     * standard base64 with padding, is what counts).
     */
    static String deadLetter(int partition, long offset, String reason, byte[] value) {
        String text = value == null ? "null" : string(new String(value, StandardCharsets.UTF_8));
        String base64 = value == null ? "null" : "\"" + Base64.getEncoder().encodeToString(value) + "\"";
        return "{\"partition\":" + partition + ",\"offset\":" + offset + ",\"reason\":" + string(reason)
                + ",\"value\":" + text + ",\"value_b64\":" + base64 + "}";
    }

    /** No exponent, no trailing zeros, no point when integral; zero is {@code 0}. */
    static String shortestPlain(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        String plain = value.toPlainString();
        if (plain.indexOf('.') >= 0) {
            plain = plain.replaceAll("0+$", "");
            plain = plain.endsWith(".") ? plain.substring(0, plain.length() - 1) : plain;
        }
        return plain;
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean loneSurrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
                    if (codePoint < 0x20 || loneSurrogate) {
                        out.append(String.format("\\u%04x", codePoint));
                    } else {
                        out.appendCodePoint(codePoint);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
