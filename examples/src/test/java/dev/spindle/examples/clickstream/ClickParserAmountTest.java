package dev.spindle.examples.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks 7 and 8 of the contract: amount present, a number, and its exact value in bounds. */
class ClickParserAmountTest {

    private static String verdict(String amount) {
        return ClickJson.valid().with("amount", amount).verdict();
    }

    private static BigDecimal amount(String amount) {
        return ClickJson.parse(ClickJson.valid().with("amount", amount).text()).amount();
    }

    @Test
    void shouldCallAnAbsentAmountMissing() {
        assertEquals("missing:amount", ClickJson.valid().without("amount").verdict());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12.5\"", "\"\"", "null", "true", "false", "[12.5]", "{}"})
    void shouldCallAnAmountThatIsNotANumberTypeAmount(String amount) {
        assertEquals("type:amount", verdict(amount));
    }

    @ParameterizedTest
    @CsvSource({
        "12.5, 12.5", "12.500, 12.5", "1.25e1, 12.5", "1.25E+1, 12.5", "125e-1, 12.5", "0.125e2, 12.5",
        "0, 0", "-0, 0", "-0.00, 0", "-0.000000, 0", "0.000, 0", "-0e5, 0", "0e99999999999999, 0",
        "0e-99999999999, 0", "-0.0e-99999999999999999999999999, 0",
        "1e-2, 0.01", "10e-3, 0.01", "0.01, 0.01", "0.05, 0.05", "100e-2, 1", "0.1e1, 1", "1E+2, 100",
        "1e12, 1000000000000", "1000000000000, 1000000000000", "1000000000000.00, 1000000000000",
        "0.000000000001e24, 1000000000000", "999999999999.99, 999999999999.99", "1e0000000000000000000000002, 100",
        "12.5000000000000000000000000000000000, 12.5"})
    void shouldAcceptTheExactValueOfTheText(String text, String expected) {
        assertEquals(0, new BigDecimal(expected).compareTo(amount(text)), text);
    }

    @Test
    void shouldKeepTheAmountPlainWithoutAnExponent() {
        assertEquals("1000000000000", amount("1e12").toPlainString());
        assertEquals("100", amount("1E+2").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.01", "-12.5", "-1e999999999999", "-1e-99999999999", "-0.001", "-12.505",
        "-1000000000000.001", "-1e13"})
    void shouldCallANegativeAmountNegativeFirst(String amount) {
        assertEquals("negative_amount", verdict(amount), amount);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.505", "0.001", "1e-3", "0.005", "1e-99999999999", "999999999999.999",
        "1000000000000.001", "1000000000000.0000000000000000001", "12.5000000000000000000000000000000001",
        "1.0000000000000001e13", "123456789012345678901234567891e-3"})
    void shouldCallADigitBeyondTheSecondDecimalPlaceAmountScaleBeforeRange(String amount) {
        assertEquals("amount_scale", verdict(amount), amount);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000000.01", "1000000000000.1", "1000000000001", "1e13", "1.001e13",
        "10000000000000", "1e999999999999", "1E+999999999999999999999999", "99999999999999999999999",
        "100000000000.1e1", "0.1000000000001e13"})
    void shouldCallAnAmountAboveTenToTheTwelveRangeAmount(String amount) {
        assertEquals("range:amount", verdict(amount), amount);
    }

    @Test
    void shouldHandleHugeTokensExactlyAndQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            String longExponent = "9".repeat(200_000);
            assertEquals("range:amount", verdict("1e" + longExponent));
            assertEquals("amount_scale", verdict("1e-" + longExponent));
            assertEquals("ok", verdict("0e" + longExponent));
            assertEquals("ok", verdict("1" + "0".repeat(200_000) + "e-" + "0".repeat(100) + "199998"));
            assertEquals("range:amount", verdict("1" + "0".repeat(200_000)));
            assertEquals("amount_scale", verdict("0." + "0".repeat(200_000) + "1"));
            assertEquals("ok", verdict("12.5" + "0".repeat(200_000)));
            assertEquals("ok", verdict("0." + "0".repeat(200_000)));
        });
    }

    @Test
    void shouldAgreeWithBigDecimalOnRandomTokensOfModerateExponent() {
        Random random = new Random(7);
        BigDecimal max = BigDecimal.TEN.pow(12);
        for (int round = 0; round < 50_000; round++) {
            String token = randomNumberToken(random);
            BigDecimal exact = new BigDecimal(token);
            String expected;
            if (exact.signum() < 0) {
                expected = "negative_amount";
            } else if (exact.signum() != 0 && exact.stripTrailingZeros().scale() > 2) {
                expected = "amount_scale";
            } else if (exact.compareTo(max) > 0) {
                expected = "range:amount";
            } else {
                expected = "ok";
                assertEquals(0, exact.compareTo(amount(token)), token);
            }
            assertEquals(expected, verdict(token), token);
        }
    }

    /** A JSON number token: optional minus, integer part, optional fraction, optional exponent up to ±40. */
    private static String randomNumberToken(Random random) {
        StringBuilder token = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
        token.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(9)) + digits(random, 14));
        if (random.nextBoolean()) {
            token.append('.').append(random.nextInt(10)).append(digits(random, 14));
        }
        if (random.nextBoolean()) {
            token.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)])
                    .append("0".repeat(random.nextInt(3))).append(random.nextInt(41));
        }
        return token.toString();
    }

    /** Up to {@code most} random digits, often ending in zeros. */
    private static String digits(Random random, int most) {
        StringBuilder digits = new StringBuilder();
        for (int i = random.nextInt(most + 1); i > 0; i--) {
            digits.append(random.nextInt(3) == 0 ? 0 : random.nextInt(10));
        }
        return digits.toString();
    }
}
