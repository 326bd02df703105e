package dev.spindle.examples.clickstream;

import dev.spindle.api.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test inputs: a valid click as JSON text, with single members replaced or removed, and the
 * verdict of {@link ClickParser} on any text or bytes as one string ("ok" or the reason code).
 */
final class ClickJson {
    private final Map<String, String> members = new LinkedHashMap<>();

    private ClickJson() {
        members.put("id", "\"e-000000017\"");
        members.put("user", "\"u4711\"");
        members.put("ts", "1767225600123");
        members.put("url", "\"/p/12\"");
        members.put("amount", "12.5");
    }

    /** {@code {"id":"e-000000017","user":"u4711","ts":1767225600123,"url":"/p/12","amount":12.5}} */
    static ClickJson valid() {
        return new ClickJson();
    }

    /** Replaces (or adds, at the end) member {@code name} with the JSON text {@code valueJson}. */
    ClickJson with(String name, String valueJson) {
        members.put(name, valueJson);
        return this;
    }

    ClickJson without(String name) {
        members.remove(name);
        return this;
    }

    String text() {
        StringBuilder out = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(name).append("\":").append(value);
        });
        return out.append('}').toString();
    }

    /** The verdict on this object: "ok" or the reason code. */
    String verdict() {
        return verdict(text());
    }

    static String verdict(String text) {
        return verdict(text.getBytes(StandardCharsets.UTF_8));
    }

    static String verdict(byte[] bytes) {
        ParseResult<Click> result = new ClickParser().parse(bytes);
        return result.isMalformed() ? result.reason() : "ok";
    }

    static Click parse(String text) {
        return new ClickParser().parse(text.getBytes(StandardCharsets.UTF_8)).value();
    }

    /** The bytes of {@code prefix}, then {@code middle}, then {@code suffix} (texts as UTF-8). */
    static byte[] bytes(String prefix, int[] middle, String suffix) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        for (int i = 0; i < middle.length; i++) {
            all[head.length + i] = (byte) middle[i];
        }
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }
}
