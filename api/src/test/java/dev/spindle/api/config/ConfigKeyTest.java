package dev.spindle.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
    private static final ConfigKey<Integer> RETAIN =
            ConfigKey.ofInt("spindle.checkpoint.retain", 100, ConfigKey.atLeast(10), "commits kept");
    private static final ConfigKey<Duration> GRACE =
            ConfigKey.ofDuration("spindle.checkpoint.gc-grace", Duration.ofMinutes(10), ConfigKey.notNegative(), "grace");

    @Test
    void readsTheDefaultWhenUnset() {
        assertEquals(100, RETAIN.read(Map.<String, String>of()::get));
        assertEquals(Duration.ofMinutes(10), GRACE.read(Map.<String, String>of()::get));
    }

    @Test
    void readsAndValidatesASetValue() {
        assertEquals(25, RETAIN.read(Map.of("spindle.checkpoint.retain", " 25 ")::get));
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> RETAIN.read(Map.of("spindle.checkpoint.retain", "5")::get));
        assertEquals("spindle.checkpoint.retain: 5 must be >= 10", tooSmall.getMessage());
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                () -> RETAIN.read(Map.of("spindle.checkpoint.retain", "many")::get));
        assertEquals("spindle.checkpoint.retain: 'many' is not a whole number", notNumber.getMessage());
    }

    @Test
    void parsesDurationsWithUnits() {
        assertEquals(Duration.ofMillis(500), Durations.parse("x", "500ms"));
        assertEquals(Duration.ofSeconds(1), Durations.parse("x", "1s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("x", "2m"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("x", "10min"));
        assertEquals(Duration.ofHours(1), Durations.parse("x", "1h"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", "10"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", "1.5s"));
        assertEquals("10min", Durations.format(Duration.ofMinutes(10)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("0ms", Durations.format(Duration.ZERO));
    }

    private enum Policy { FAIL, SKIP_ALL }

    @Test
    void readsAnEnumWrittenInLowerCaseWithDashes() {
        ConfigKey<Policy> policy = ConfigKey.ofEnum("spindle.x.policy", Policy.class, Policy.FAIL, "what to do");
        assertEquals(Policy.FAIL, policy.read(Map.<String, String>of()::get));
        assertEquals(Policy.SKIP_ALL, policy.read(Map.of("spindle.x.policy", " skip-all")::get));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> policy.read(Map.of("spindle.x.policy", "SKIP")::get));
        assertEquals("spindle.x.policy: 'SKIP' is not one of fail, skip-all", other.getMessage());
        assertEquals("fail", policy.defaultText());
        assertEquals("must be one of fail, skip-all", policy.ruleDescription());
    }

    @Test
    void rendersADocumentationRow() {
        String section = ConfigDocs.section("Checkpoint", "Where.", java.util.List.of(RETAIN));
        assertEquals(true, section.contains("| `spindle.checkpoint.retain` | int | `100` | >= 10 | commits kept |"));
    }
}
