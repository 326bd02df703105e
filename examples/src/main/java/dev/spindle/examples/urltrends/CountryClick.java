package dev.spindle.examples.urltrends;

import dev.spindle.examples.clickstream.Click;
import java.util.Objects;

/** A click joined with the users table: its user's country, or {@code --} when the table has no such user. */
public record CountryClick(Click click, String country) {
    public static final String UNKNOWN_COUNTRY = "--";

    public CountryClick {
        Objects.requireNonNull(click, "click");
        Objects.requireNonNull(country, "country");
    }
}
