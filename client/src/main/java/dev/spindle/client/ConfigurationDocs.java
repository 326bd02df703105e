package dev.spindle.client;

import dev.spindle.api.config.ConfigDocs;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates {@code docs/configuration.md} from the key declarations of every module, so the
 * reference can never drift from the code. Run: {@code sbin/spindle-docs} (a test fails when the
 * file is stale).
 */
public final class ConfigurationDocs {
    private ConfigurationDocs() {}

    public static String markdown() {
        StringBuilder out = new StringBuilder("# Configuration reference\n\n"
                + "Generated from the key declarations in the code (`ConfigurationDocs`); do not edit by hand.\n"
                + "Set keys in `conf/spindle-site.xml` (Hadoop configuration format) or with `--conf key=value`;\n"
                + "a value that breaks its rule, or a `spindle.*` key not listed here, fails the command with one\n"
                + "line naming the key (exit code 2). Keys under `spindle.job.` are a job's own settings (the\n"
                + "`sessions` job has none; a job that joins a static table names its file with one, as\n"
                + "`spindle.job.users-table`; a job that groups with `keyBy` takes\n"
                + "`spindle.job.shuffle-partitions`, the task count after its shuffle, 1 to 10000, default the\n"
                + "input's partition count, fixed once the checkpoint holds state): each is checked against the\n"
                + "job, and one the job does not take, or one it needs and lacks, fails the same way.\n");
        for (KnownSettings.Section section : KnownSettings.SECTIONS) {
            out.append('\n').append(ConfigDocs.section(section.heading(), section.readBy(), section.keys()));
        }
        return out.append('\n').append(kafkaClients()).toString();
    }

    /** The {@code spindle.kafka.} prefix: what it passes, the secrets it refuses in clear, the keys Spindle keeps. */
    static String kafkaClients() {
        String prefix = KafkaClientSettings.PREFIX;
        StringBuilder out = new StringBuilder("## Kafka clients\n\n"
                + "Read by every Kafka client Spindle makes for a job (local mode, `spindle-submit`, the ApplicationMaster\n"
                + "and the executors): Admin clients, the tasks' consumers, the Kafka sink's producers, the input loader.\n\n"
                + "`" + prefix + "<key>` passes `<key>` to all of them with the prefix stripped, as\n"
                + "`" + prefix + "security.protocol=SASL_SSL`; Kafka checks the key and its value. A secret is never given\n"
                + "in clear, since the job's settings are shipped to the cluster: " + codes(KafkaClientSettings.SECRET_KEYS)
                + ",\nand a `password=` in `sasl.jaas.config` must be a config provider reference such as\n"
                + "`${file:/path/kafka-secrets.properties:password}` (with `" + prefix + "config.providers=file`), or the\n"
                + "command fails with one line (exit code 2). `spindle-submit` ships the files these settings name;\n"
                + "docs/security.md, Kafka, has the details. Keys Spindle sets itself are refused:\n\n"
                + "| key | why Spindle sets it |\n|---|---|\n");
        KafkaClientSettings.SPINDLE_OWNED.forEach((key, why) ->
                out.append("| `").append(key).append("` | ").append(why).append(" |\n"));
        return out.toString();
    }

    private static String codes(List<String> keys) {
        return String.join(", ", keys.stream().map(key -> "`" + key + "`").toList());
    }

    /** Writes the reference to the path given (default {@code docs/configuration.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }
}
