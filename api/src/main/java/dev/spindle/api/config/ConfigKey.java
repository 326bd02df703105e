package dev.spindle.api.config;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration setting, declared once: its name, type, default, the rule a value must
 * satisfy, and its documentation. Read it from any string source ({@code spindle-site.xml}
 * through Hadoop's {@code Configuration::get}, {@code --conf k=v}, a map):
 *
 * <pre>{@code
 * static final ConfigKey<Integer> RETAIN = ConfigKey.ofInt("spindle.checkpoint.retain", 100,
 *         atLeast(10), "How many commits the checkpoint keeps.");
 * int retain = RETAIN.read(conf::get);
 * }</pre>
 *
 * A bad value fails with one line naming the key, the value and the rule.
 *
 * @param <T> the type of the value
 */
public final class ConfigKey<T> {
    private final String name;
    private final String type;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Rule<? super T> rule;
    private final String doc;

    private ConfigKey(String name, String type, T defaultValue, Function<String, T> parser,
            Rule<? super T> rule, String doc) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.rule = rule;
        this.doc = doc;
        if (defaultValue != null && !rule.test(defaultValue)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " " + rule.description());
        }
    }

    /** A rule a value must satisfy, with the words that explain it ("must be >= 10"). */
    public record Rule<T>(Predicate<T> test, String description) {
        public boolean test(T value) {
            return test.test(value);
        }
    }

    public static <T> Rule<T> any() {
        return new Rule<>(value -> true, "");
    }

    public static Rule<Integer> atLeast(int minimum) {
        return new Rule<>(value -> value >= minimum, "must be >= " + minimum);
    }

    public static Rule<Long> atLeast(long minimum) {
        return new Rule<>(value -> value >= minimum, "must be >= " + minimum);
    }

    /** A duration from {@code minimum} to {@code maximum}, both included. */
    public static Rule<Duration> between(Duration minimum, Duration maximum) {
        return new Rule<>(value -> value.compareTo(minimum) >= 0 && value.compareTo(maximum) <= 0,
                "must be between " + Durations.format(minimum) + " and " + Durations.format(maximum));
    }

    /** What a setting passed to a client as an int of milliseconds may be at most (Kafka, ZooKeeper). */
    public static final Duration INT_MILLIS = Duration.ofHours(596);

    public static Rule<Duration> notNegative() {
        return new Rule<>(value -> !value.isNegative(), "must be zero or more");
    }

    public static ConfigKey<Integer> ofInt(String name, int defaultValue, Rule<Integer> rule, String doc) {
        return new ConfigKey<>(name, "int", defaultValue,
                text -> (int) parseNumber(name, text, Integer.MIN_VALUE, Integer.MAX_VALUE), rule, doc);
    }

    public static ConfigKey<Long> ofLong(String name, long defaultValue, Rule<Long> rule, String doc) {
        return new ConfigKey<>(name, "long", defaultValue,
                text -> parseNumber(name, text, Long.MIN_VALUE, Long.MAX_VALUE), rule, doc);
    }

    public static ConfigKey<Boolean> ofBoolean(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(name, "boolean", defaultValue, text -> parseBoolean(name, text), any(), doc);
    }

    public static ConfigKey<String> ofString(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, "string", defaultValue, String::trim, any(), doc);
    }

    /**
     * One of an enum's constants, written in lower case with {@code -} for {@code _}
     * ({@code ON_DATA_LOSS.SKIP} is {@code skip}).
     */
    public static <E extends Enum<E>> ConfigKey<E> ofEnum(String name, Class<E> type, E defaultValue, String doc) {
        java.util.List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(ConfigKey::enumText).toList();
        String choices = String.join(", ", names);
        return new ConfigKey<>(name, "string", defaultValue, text -> {
            for (E constant : type.getEnumConstants()) {
                if (enumText(constant).equals(text.trim())) {
                    return constant;
                }
            }
            throw new InvalidSettingException(name + ": '" + text.trim() + "' is not one of " + choices);
        }, new Rule<>(value -> true, "must be one of " + choices), doc);
    }

    private static String enumText(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** A duration written with a unit: {@code 500ms}, {@code 1s}, {@code 2m} or {@code 2min}, {@code 1h}. */
    public static ConfigKey<Duration> ofDuration(String name, Duration defaultValue, Rule<Duration> rule, String doc) {
        return new ConfigKey<>(name, "duration", defaultValue, text -> Durations.parse(name, text), rule, doc);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** The rule in words, empty when any value of the type is allowed. */
    public String ruleDescription() {
        return rule.description();
    }

    /**
     * The value in {@code source} (which returns null when the key is not set), or the default.
     *
     * @throws InvalidSettingException one line naming the key, the bad value and the rule
     */
    public T read(Function<String, String> source) {
        String text = source.apply(name);
        if (text == null) {
            return defaultValue;
        }
        return parse(text);
    }

    /** Parses and validates a value given as text. */
    public T parse(String text) {
        T value = parser.apply(text);
        if (!rule.test(value)) {
            throw new InvalidSettingException(name + ": " + text.trim() + " " + rule.description());
        }
        return value;
    }

    /** The default as it would be written in a configuration file. */
    public String defaultText() {
        if (defaultValue instanceof Duration duration) {
            return Durations.format(duration);
        }
        if (defaultValue instanceof Enum<?> constant) {
            return enumText(constant);
        }
        return String.valueOf(defaultValue);
    }

    /** A whole number in {@code [min, max]}: the type's range, so that too large says so rather than "not a number". */
    private static long parseNumber(String name, String text, long min, long max) {
        String value = text.trim();
        if (!value.matches("[-+]?\\d+")) {
            throw new InvalidSettingException(name + ": '" + value + "' is not a whole number");
        }
        java.math.BigInteger number = new java.math.BigInteger(value);
        if (number.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new InvalidSettingException(name + ": '" + value + "' is too large (at most " + max + ")");
        }
        if (number.compareTo(java.math.BigInteger.valueOf(min)) < 0) {
            throw new InvalidSettingException(name + ": '" + value + "' is too small (at least " + min + ")");
        }
        return number.longValue();
    }

    private static boolean parseBoolean(String name, String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidSettingException(name + ": '" + text.trim() + "' is not true or false");
    }

    @Override
    public String toString() {
        return name;
    }
}
