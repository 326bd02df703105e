package dev.spindle.examples.clickstream.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict RFC 8259 reader for exactly one JSON object in UTF-8: whitespace (space, tab, line
 * feed, carriage return) around it, nothing else; no byte order mark, no comments, no trailing
 * commas, no leading zeros, no raw control characters in strings, only the eight short escapes
 * and <code>&#92;uXXXX</code>, literals {@code true}, {@code false}, {@code null} in lower case.
 *
 * <p>Nested arrays and objects are walked with an explicit stack, not by recursion: any depth
 * that fits in the input is accepted and none can overflow the thread's stack.
 *
 * <p>Not thread-safe; {@link #readObject} makes a new reader per call.
 */
public final class JsonReader {
    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Reads {@code utf8} as one JSON object.
     *
     * @throws JsonSyntaxException when the bytes are not valid UTF-8 or not exactly one JSON object
     */
    public static JsonObject readObject(byte[] utf8) {
        return new JsonReader(Utf8.decode(utf8)).document();
    }

    private JsonObject document() {
        skipWhitespace();
        JsonObject object = topLevelObject();
        skipWhitespace();
        if (pos != text.length()) {
            throw error("text after the object");
        }
        return object;
    }

    private JsonObject topLevelObject() {
        expect('{');
        List<JsonObject.Member> members = new ArrayList<>();
        skipWhitespace();
        if (consume('}')) {
            return new JsonObject(members);
        }
        do {
            skipWhitespace();
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.add(new JsonObject.Member(name, value()));
            skipWhitespace();
        } while (consume(','));
        expect('}');
        return new JsonObject(members);
    }

    private JsonValue value() {
        char c = peek();
        if (c == '[' || c == '{') {
            skipContainer();
            return c == '[' ? JsonValue.Other.ARRAY : JsonValue.Other.OBJECT;
        }
        return scalar();
    }

    private JsonValue scalar() {
        char c = peek();
        switch (c) {
            case '"':
                return new JsonValue.StringValue(string());
            case 't':
                literal("true");
                return JsonValue.Other.TRUE;
            case 'f':
                literal("false");
                return JsonValue.Other.FALSE;
            case 'n':
                literal("null");
                return JsonValue.Other.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return new JsonValue.NumberValue(number());
                }
                throw error("expected a value");
        }
    }

    /**
     * Validates one array or object starting at {@code pos}, however deeply nested, keeping only
     * a stack of the open brackets.
     */
    private void skipContainer() {
        OpenBrackets open = new OpenBrackets();
        open.push(text.charAt(pos++));
        boolean justOpened = true;
        boolean expectingValue = true;
        while (!open.isEmpty()) {
            skipWhitespace();
            char closer = open.peek() == '[' ? ']' : '}';
            if (expectingValue && !(justOpened && peek() == closer)) {
                if (open.peek() == '{') {
                    string();
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                }
                char c = peek();
                if (c == '[' || c == '{') {
                    open.push(c);
                    pos++;
                    justOpened = true;
                    continue;
                }
                scalar();
                expectingValue = false;
            } else if (consume(',')) {
                expectingValue = true;
                justOpened = false;
            } else {
                expect(closer);
                open.pop();
                expectingValue = false;
                justOpened = false;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                out.append(escape());
            } else if (c < 0x20) {
                pos--;
                throw error("raw control character in a string");
            } else {
                out.append(c);
            }
        }
    }

    private char escape() {
        char c = next();
        switch (c) {
            case '"':
            case '\\':
            case '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    code = (code << 4) | hexDigit(next());
                }
                return (char) code;
            default:
                pos--;
                throw error("invalid escape");
        }
    }

    /** The value of an ASCII hex digit; {@link Character#digit} would also take non-ASCII digits. */
    private int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        pos--;
        throw error("invalid hex digit in \\u escape");
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, returned as written. */
    private String number() {
        int start = pos;
        consume('-');
        if (!consume('0')) {
            if (!isDigit(peekOrEnd())) {
                throw error("expected a digit");
            }
            skipDigits();
        }
        if (consume('.')) {
            requireDigits();
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            requireDigits();
        }
        return text.substring(start, pos);
    }

    private void requireDigits() {
        if (!isDigit(peekOrEnd())) {
            throw error("expected a digit");
        }
        skipDigits();
    }

    private void skipDigits() {
        while (isDigit(peekOrEnd())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean consume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    /** The next char, or -1 at the end of the input. */
    private int peekOrEnd() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private JsonSyntaxException error(String message) {
        return new JsonSyntaxException(message, pos);
    }

    /** The brackets still open while skipping a nested container: a growable stack of chars. */
    private static final class OpenBrackets {
        private char[] stack = new char[16];
        private int size;

        void push(char bracket) {
            if (size == stack.length) {
                stack = Arrays.copyOf(stack, size * 2);
            }
            stack[size++] = bracket;
        }

        char peek() {
            return stack[size - 1];
        }

        void pop() {
            size--;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
