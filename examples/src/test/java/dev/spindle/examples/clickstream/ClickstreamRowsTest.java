package dev.spindle.examples.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.window.Aggregates.CountAndSum;
import dev.spindle.api.window.WindowResult;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The output row of the contract, byte for byte. */
class ClickstreamRowsTest {
    private static final String PREFIX = "{\"window_start\":1767225600000,\"window_end\":1767225610000,";

    private static String row(String user, long count, String sum) {
        return new ClickstreamRows().format(
                new WindowResult<>(1767225600000L, 1767225610000L, user, new CountAndSum(count, new BigDecimal(sum))));
    }

    private static String sumOf(String sum) {
        String row = row("u", 1, sum);
        return row.substring(row.indexOf("\"sum\":") + 6, row.length() - 1);
    }

    @Test
    void shouldRenderTheContractsExampleExactly() {
        assertEquals(PREFIX + "\"user\":\"u4711\",\"count\":3,\"sum\":37.5}", row("u4711", 3, "37.50"));
    }

    @Test
    void shouldWriteTheShortestPlainDecimalSum() {
        assertEquals("40", sumOf("40.00"));
        assertEquals("40", sumOf("4E+1"));
        assertEquals("37.5", sumOf("37.50"));
        assertEquals("0.05", sumOf("0.05"));
        assertEquals("0.05", sumOf("5E-2"));
        assertEquals("0", sumOf("0.00"));
        assertEquals("0", sumOf("0E+5"));
        assertEquals("0", sumOf("0"));
        assertEquals("1000000000000", sumOf("1E+12"));
        assertEquals("123456789012345678901234567890.99", sumOf("123456789012345678901234567890.990"));
        assertEquals("100000000000000000000000000000", sumOf("1.00E+29"));
    }

    @Test
    void shouldEscapeQuoteBackslashAndControlCharactersInTheUser() {
        assertEquals(PREFIX + "\"user\":\"a\\\"b\\\\c\",\"count\":1,\"sum\":1}", row("a\"b\\c", 1, "1"));
        assertEquals("\"\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\"", userOf("\n\r\t\b\f\u0000\u0001\u001f"));
    }

    @Test
    void shouldWriteEverythingElseRaw() {
        assertEquals("\"/ \u007f é € \uD83D\uDE00 \u2028 \uFEFF '\"", userOf("/ \u007f é € \uD83D\uDE00 \u2028 \uFEFF '"));
    }

    @Test
    void shouldEscapeLoneSurrogatesSoTheRowIsValidUtf8() throws CharacterCodingException {
        assertEquals("\"\\ud800x\"", userOf("\uD800x"));
        assertEquals("\"x\\udc00\"", userOf("x\uDC00"));
        assertEquals("\"\\ude00\\ud83d\"", userOf("\uDE00\uD83D"));
        assertEquals("\"\\ud83d\\ud83d\uD83D\uDE00\"", userOf("\uD83D\uD83D\uD83D\uDE00"));
        String row = row("\uD800\uDBFF\uDFFF\uDC00", 1, "1");
        StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(row));
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(row);
        assertEquals(row, StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Test
    void shouldWriteLargeCountsAndNegativeWindowsAsIntegers() {
        String row = new ClickstreamRows().format(
                new WindowResult<>(-10000, 0, "u", new CountAndSum(Long.MAX_VALUE, BigDecimal.TEN)));
        assertEquals("{\"window_start\":-10000,\"window_end\":0,\"user\":\"u\",\"count\":9223372036854775807,\"sum\":10}",
                row);
    }

    private static String userOf(String user) {
        String row = row(user, 1, "1");
        return row.substring(PREFIX.length() + "\"user\":".length(), row.indexOf(",\"count\":"));
    }
}
