package dev.spindle.examples.clickstream;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The exact value of a JSON number token, as {@code ±significand × 10^exponent}, examined without
 * ever building the number: {@code 1e999999999999} or a token of a million digits is answered in
 * time linear in its text, and nothing goes through binary floating point.
 *
 * <p>{@code significand} is the token's digits with leading and trailing zeros removed (empty
 * for zero), so its lowest digit is non-zero and sits at {@code 10^exponent}. An exponent written
 * with more than 18 digits is held as ±10^18: the true exponent then differs from the held one
 * by less than the input length, far from every bound asked about here, so every answer stays
 * exact.
 */
final class ExactDecimal {
    private static final long SATURATED_EXPONENT = 1_000_000_000_000_000_000L;

    private final boolean minusSign;
    private final String significand;
    private final long exponent;

    private ExactDecimal(boolean minusSign, String significand, long exponent) {
        this.minusSign = minusSign;
        this.significand = significand;
        this.exponent = exponent;
    }

    /** @param token a JSON number token, valid per RFC 8259 (as {@code JsonReader} guarantees) */
    static ExactDecimal parse(String token) {
        boolean minus = token.startsWith("-");
        int start = minus ? 1 : 0;
        int exponentMark = Math.max(token.indexOf('e'), token.indexOf('E'));
        int mantissaEnd = exponentMark < 0 ? token.length() : exponentMark;
        int point = token.indexOf('.');
        String digits;
        int fractionDigits;
        if (point < 0) {
            digits = token.substring(start, mantissaEnd);
            fractionDigits = 0;
        } else {
            digits = token.substring(start, point) + token.substring(point + 1, mantissaEnd);
            fractionDigits = mantissaEnd - point - 1;
        }
        long exponent = exponentMark < 0 ? 0 : saturatedExponent(token.substring(exponentMark + 1));
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        int last = digits.length();
        while (last > first && digits.charAt(last - 1) == '0') {
            last--;
        }
        long trailingZeros = digits.length() - last;
        return new ExactDecimal(minus, digits.substring(first, last), exponent - fractionDigits + trailingZeros);
    }

    private static long saturatedExponent(String text) {
        boolean negative = text.startsWith("-");
        int start = negative || text.startsWith("+") ? 1 : 0;
        while (start < text.length() - 1 && text.charAt(start) == '0') {
            start++;
        }
        String digits = text.substring(start);
        long magnitude = digits.length() > 18 ? SATURATED_EXPONENT : Long.parseLong(digits);
        return negative ? -magnitude : magnitude;
    }

    boolean isZero() {
        return significand.isEmpty();
    }

    /** Below zero: {@code -0}, {@code -0.00} and {@code -0e5} are zero, not negative. */
    boolean isNegative() {
        return minusSign && !isZero();
    }

    /** Whether a non-zero digit lies beyond decimal place {@code places} ({@code 12.505}, places 2). */
    boolean hasDigitBeyondDecimalPlace(int places) {
        return !isZero() && exponent < -places;
    }

    /** Whether the magnitude is strictly greater than {@code 10^power}. */
    boolean magnitudeExceedsPowerOfTen(int power) {
        if (isZero()) {
            return false;
        }
        long leadingDigitPower = significand.length() - 1 + exponent;
        if (leadingDigitPower != power) {
            return leadingDigitPower > power;
        }
        return !significand.equals("1");
    }

    /**
     * The value as a {@link BigDecimal} with scale {@code max(0, -exponent)}: {@code 12.5},
     * {@code 1000}. Only for values already bounded by the caller (here at most 10^12 with at
     * most two decimal places); a huge value is refused rather than built.
     *
     * @throws ArithmeticException when the exponent is outside [-400, 400]
     */
    BigDecimal toBigDecimal() {
        if (isZero()) {
            return BigDecimal.ZERO;
        }
        if (exponent < -400 || exponent > 400) {
            throw new ArithmeticException("exponent " + exponent + " is outside [-400, 400]");
        }
        int scale = (int) -exponent;
        BigDecimal magnitude = new BigDecimal(new BigInteger(significand), scale).setScale(Math.max(0, scale));
        return minusSign ? magnitude.negate() : magnitude;
    }
}
