package dev.spindle.examples.clickstream;

import static dev.spindle.examples.clickstream.ClickJson.bytes;
import static dev.spindle.examples.clickstream.ClickJson.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.SourceRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks 1–3 of the contract: null_value, not_json (grammar and UTF-8), duplicate_key. */
class ClickParserJsonTest {
    private static final String VALID = ClickJson.valid().text();
    /** A valid click whose url value is open: append the url's content, then {@link #URL_CLOSE}. */
    private static final String URL_OPEN = "{\"id\":\"e\",\"user\":\"u\",\"ts\":1,\"amount\":1,\"url\":\"";
    private static final String URL_CLOSE = "\"}";

    @Test
    void shouldCallANullValueNullValue() {
        assertEquals("null_value", new ClickParser().parse(new SourceRecord(0, 0, null, null, 0)).reason());
    }

    @Test
    void shouldAcceptTheContractsExample() {
        assertEquals("ok", verdict(VALID));
    }

    @Test
    void shouldAcceptJsonWhitespaceAroundTheObjectAndBetweenTokens() {
        assertEquals("ok", verdict(" \t\r\n" + VALID + "\n\r\t "));
        assertEquals("ok", verdict("{ \"id\" : \"e\" ,\n\"user\"\t:\"u\",\r\"ts\":1,\"url\":\"\",\"amount\":1 }"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "[]", "\"text\"", "1", "null", "true",
        "{}{}", "{} {}", "{} x", "{},", "{\"a\":1}}", "{\"a\":1,}", "{,\"a\":1}", "{\"a\"}", "{\"a\" 1}",
        "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":[1 2]}", "{\"a\":{\"b\"}}", "{\"a\":{\"b\":1,}}", "{\"a\":{1:2}}",
        "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":00}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":+1}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":1.e5}", "{\"a\":0x10}", "{\"a\":NaN}",
        "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":tru}", "{\"a\":True}", "{\"a\":NULL}", "{\"a\":nul}",
        "{\"a\":\"x\\q\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\U0041\"}", "{\"a\":\"\\\"}",
        "{\"a\":\"\\u٠٠٤١\"}", "{\"a\":\"x}", "{\"a\":1", "{\"a\":[1}", "{\"a\":[1]", "{\"a\":{\"b\":1}",
        "{\"a\":1}/* c */", "{\"a\":1}// c", "{\"a\":1} \u000b", "\f{\"a\":1}", "\u00a0{\"a\":1}",
        "\ufeff{\"a\":1}", "{\"a\":1}\ufeff", "{\"a\":1}\u0000", "{\"a\":1}\u2028"})
    void shouldRejectAnythingButExactlyOneStrictJsonObject(String text) {
        assertEquals("not_json", verdict(text), text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x09, 0x0a, 0x0d, 0x1f})
    void shouldRejectARawControlCharacterInAString(int control) {
        assertEquals("not_json", verdict(URL_OPEN + (char) control + URL_CLOSE));
    }

    @Test
    void shouldAcceptEveryEscapeAndDeleteRaw() {
        String url = "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\uD83D\\uDE00 \u007f";
        assertEquals("\" \\ / \b \f \n \r \t A é \uD83D\uDE00 \u007f", ClickJson.parse(URL_OPEN + url + URL_CLOSE).url());
    }

    @Test
    void shouldAcceptAnEscapedLoneSurrogateBecauseTheGrammarAllowsIt() {
        // RFC 8259 section 8.2 calls such strings unpredictable but its grammar allows them;
        // the contract says only "valid JSON", so they are valid.
        assertEquals("\uD800x", ClickJson.parse(URL_OPEN + "\\ud800x" + URL_CLOSE).url());
        assertEquals("ok", ClickJson.valid().with("user", "\"\\uDC00\"").verdict());
    }

    @Test
    void shouldAcceptNestedValuesInUnknownFields() {
        assertEquals("ok", ClickJson.valid()
                .with("extra", "{\"a\":[1,-0.5e-3,true,false,null,\"s\",{},[]],\"b\":{\"c\":[[]]}}")
                .with("more", "[]").with("n", "null").verdict());
    }

    @Test
    void shouldValidateDeepNestingWithoutOverflowingTheStack() {
        int depth = 200_000;
        String deep = "[".repeat(depth) + "]".repeat(depth);
        assertEquals("ok", ClickJson.valid().with("deep", deep).verdict());
        assertEquals("ok", ClickJson.valid().with("deep", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).verdict());
        assertEquals("not_json", ClickJson.valid().with("deep", "[".repeat(depth)).verdict());
        assertEquals("not_json", ClickJson.valid().with("deep", "[".repeat(depth) + "]".repeat(depth - 1)).verdict());
        assertEquals("not_json", ClickJson.valid().with("deep", "[".repeat(depth) + "}".repeat(depth)).verdict());
    }

    @Test
    void shouldAcceptValidMultiByteUtf8() {
        Click click = ClickJson.parse("{\"id\":\"é€\",\"user\":\"用户\uD83D\uDE00\",\"ts\":1,\"url\":\"/ü\",\"amount\":1}");
        assertEquals("用户\uD83D\uDE00", click.user());
        assertEquals("é€", click.id());
        // The extremes of each sequence length, and the code points next to the surrogate range.
        int[][] valid = {{0x7f}, {0xc2, 0x80}, {0xdf, 0xbf}, {0xe0, 0xa0, 0x80}, {0xed, 0x9f, 0xbf},
            {0xee, 0x80, 0x80}, {0xef, 0xbf, 0xbf}, {0xf0, 0x90, 0x80, 0x80}, {0xf4, 0x8f, 0xbf, 0xbf}};
        for (int[] sequence : valid) {
            assertEquals("ok", verdict(bytes(URL_OPEN, sequence, URL_CLOSE)), java.util.Arrays.toString(sequence));
        }
    }

    @Test
    void shouldRejectInvalidUtf8AsNotJson() {
        int[][] invalid = {
            {0x80}, {0xbf}, // a continuation byte alone
            {0xc0, 0xaf}, {0xc1, 0xbf}, // overlong 2-byte forms of '/' and U+007F
            {0xe0, 0x80, 0xaf}, {0xe0, 0x9f, 0xbf}, // overlong 3-byte forms
            {0xf0, 0x80, 0x80, 0xaf}, {0xf0, 0x8f, 0xbf, 0xbf}, // overlong 4-byte forms
            {0xed, 0xa0, 0x80}, {0xed, 0xbf, 0xbf}, // lone surrogates U+D800, U+DFFF
            {0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80}, // a surrogate pair encoded as two 3-byte sequences (CESU-8)
            {0xf4, 0x90, 0x80, 0x80}, {0xf5, 0x80, 0x80, 0x80}, {0xf8, 0x88, 0x80, 0x80, 0x80}, // above U+10FFFF
            {0xfe}, {0xff}, {0xfe, 0xff},
            {0xc3}, {0xe2, 0x82}, {0xf0, 0x9f, 0x98}, // truncated, followed by the closing quote
            {0xc3, 0x41}, {0xe2, 0x41, 0x82}, // a non-continuation byte inside a sequence
        };
        for (int[] sequence : invalid) {
            assertEquals("not_json", verdict(bytes(URL_OPEN, sequence, URL_CLOSE)), java.util.Arrays.toString(sequence));
        }
    }

    @Test
    void shouldRejectAUtf8SequenceTruncatedAtTheEndOfTheInput() {
        assertEquals("not_json", verdict(bytes(VALID + " ", new int[] {0xe2, 0x82}, "")));
        assertEquals("not_json", verdict(bytes(VALID, new int[] {0xc3}, "")));
    }

    @Test
    void shouldRejectAByteOrderMark() {
        assertEquals("not_json", verdict(bytes("", new int[] {0xef, 0xbb, 0xbf}, VALID)));
        assertEquals("not_json", verdict(bytes("", new int[] {0xfe, 0xff}, VALID)));
        assertEquals("not_json", verdict(bytes(VALID, new int[] {0xef, 0xbb, 0xbf}, "")));
        // Inside a string a U+FEFF is just a character.
        assertEquals("ok", verdict(bytes(URL_OPEN, new int[] {0xef, 0xbb, 0xbf}, URL_CLOSE)));
    }

    @Test
    void shouldRejectInvalidUtf8EvenInAnUnknownFieldOrAKey() {
        assertEquals("not_json", verdict(bytes("{\"x\":\"", new int[] {0xc0, 0x80}, "\"," + VALID.substring(1))));
        assertEquals("not_json", verdict(bytes("{\"", new int[] {0xed, 0xa0, 0x80}, "\":1," + VALID.substring(1))));
    }

    @Test
    void shouldCallARepeatedTopLevelKeyDuplicateKey() {
        assertEquals("duplicate_key", verdict(VALID.replace("}", ",\"id\":\"e-2\"}")));
        assertEquals("duplicate_key", verdict(VALID.replace("}", ",\"x\":1,\"x\":1}")));
        assertEquals("duplicate_key", verdict("{\"a\":1,\"a\":1}"));
    }

    @Test
    void shouldCompareKeysAfterUnescaping() {
        assertEquals("duplicate_key", verdict(VALID.replace("}", ",\"\\u0069d\":\"e-2\"}")));
        assertEquals("duplicate_key", verdict(VALID.replace("}", ",\"a/b\":1,\"a\\/b\":1}")));
        assertEquals("duplicate_key", verdict(VALID.replace("}", ",\"\uD83D\uDE00\":1,\"\\ud83d\\ude00\":1}")));
        assertEquals("ok", verdict(VALID.replace("}", ",\"Id\":1,\"id \":1,\"i\\u0064x\":1}")));
    }

    @Test
    void shouldCheckDuplicateKeysOnlyAtTheTopLevel() {
        assertEquals("ok", ClickJson.valid().with("x", "{\"a\":1,\"a\":2}").verdict());
        assertEquals("ok", ClickJson.valid().with("x", "[{\"id\":1,\"id\":2}]").verdict());
    }

    @Test
    void shouldDecideNotJsonBeforeDuplicateKeyAndDuplicateKeyBeforeFields() {
        assertEquals("not_json", verdict("{\"a\":1,\"a\":1,}"));
        assertEquals("duplicate_key", verdict("{\"ts\":\"x\",\"ts\":\"y\"}"));
        assertEquals("duplicate_key", verdict(VALID.replace("\"amount\":12.5", "\"amount\":-1,\"amount\":-1")));
    }

    @Test
    void shouldReadBytesNotTheRecordKey() {
        byte[] value = VALID.getBytes(StandardCharsets.UTF_8);
        SourceRecord record = new SourceRecord(3, 9, "junk".getBytes(StandardCharsets.UTF_8), value, 1);
        assertEquals("u4711", new ClickParser().parse(record).value().user());
    }
}
