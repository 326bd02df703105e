package dev.spindle.runtime.sink;

import dev.spindle.api.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/** The configuration keys of the sinks, declared once; {@code docs/configuration.md} is generated from them. */
public final class SinkOptions {
    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.ofString(
            "spindle.sink.kafka.bootstrap-servers", "",
            "Kafka sink: the cluster the output topics are on. Empty: the input's `--bootstrap-servers`.");
    public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.ofString(
            "spindle.sink.kafka.transactional-id-prefix", "",
            "Kafka sink (`--output kafka:TOPIC`): task `t` writes with `transactional.id` `<prefix>-<t>`, and the "
                    + "group `<prefix>-sink` holds the confirmations (`<prefix>-sink-<t>` for a task after a "
                    + "shuffle). Empty: `spindle-<job>`. Give each job that writes to one Kafka cluster its own prefix.");
    public static final ConfigKey<Duration> TRANSACTION_TIMEOUT = ConfigKey.ofDuration(
            "spindle.sink.kafka.transaction-timeout", Duration.ofMinutes(15),
            ConfigKey.between(Duration.ZERO, ConfigKey.INT_MILLIS),
            "Kafka sink: the producers' `transaction.timeout.ms`; checked before the job starts against the "
                    + "broker's `transaction.max.timeout.ms`.");

    private SinkOptions() {}

    /** The prefix a job uses: the configured one, or {@code spindle-<job>}. */
    public static String transactionalIdPrefix(String configured, String job) {
        return configured.isEmpty() ? "spindle-" + job : configured;
    }

    public static List<ConfigKey<?>> all() {
        return List.of(BOOTSTRAP_SERVERS, TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT);
    }
}
