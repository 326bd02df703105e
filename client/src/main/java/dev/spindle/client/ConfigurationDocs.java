package dev.spindle.client;

import dev.spindle.api.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        return out.toString();
    }

    /** Writes the reference to the path given (default {@code docs/configuration.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }
}
