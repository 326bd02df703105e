package dev.spindle.api.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration: {@code 500ms}, {@code 1s}, {@code 2m}, {@code 10min}, {@code 1h}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)");

    private Durations() {}

    /**
     * Parses a whole number followed by a unit.
     *
     * @param what names the setting in the error message
     * @throws InvalidSettingException one line naming {@code what} and the text
     */
    public static Duration parse(String what, String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new InvalidSettingException(what + ": '" + text.trim()
                    + "' is not a duration (a whole number with ms, s, m, min or h, such as 500ms or 10min)");
        }
        String unit = matcher.group(2);
        long unitMillis = switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            default -> 3_600_000;
        };
        long most = Long.MAX_VALUE / unitMillis; // every duration must fit a long of milliseconds
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            amount = -1;
        }
        if (amount < 0 || amount > most) {
            throw new InvalidSettingException(what + ": '" + text.trim() + "' is too large (at most " + most + unit + ")");
        }
        return Duration.ofMillis(amount * unitMillis);
    }

    /** The shortest exact form: {@code 10min}, {@code 1s}, {@code 1500ms}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "min";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
