package dev.spindle.client;

import dev.spindle.appmaster.AppMasterOptions;
import dev.spindle.runtime.coordination.CoordinationOptions;

import dev.spindle.api.config.ConfigDocs;
import dev.spindle.runtime.EngineOptions;
import dev.spindle.runtime.sink.SinkOptions;
import dev.spindle.state.StateOptions;
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
        return "# Configuration reference\n\n"
                + "Generated from the key declarations in the code (`ConfigurationDocs`); do not edit by hand.\n"
                + "Set keys in `conf/spindle-site.xml` (Hadoop configuration format) or with `--conf key=value`;\n"
                + "a value that breaks its rule fails the command with one line naming the key.\n\n"
                + ConfigDocs.section("Engine", "Read by the batch driver (local mode and the ApplicationMaster) and the executors.",
                        EngineOptions.all())
                + "\n"
                + ConfigDocs.section("Checkpoint and state", "Read by the engine, the executors and `spindle checkpoint`.",
                        StateOptions.all())
                + "\n"
                + ConfigDocs.section("Sinks", "Read by the batch driver (local mode and the ApplicationMaster) and `spindle-submit`.",
                        SinkOptions.all())
                + "\n"
                + ConfigDocs.section("Coordination", "Read by the ApplicationMaster, the executors and `spindle checkpoint gc`.",
                        CoordinationOptions.all())
                + "\n"
                + ConfigDocs.section("YARN", "Read by `spindle-submit` and the ApplicationMaster.",
                        AppMasterOptions.all());
    }

    /** Writes the reference to the path given (default {@code docs/configuration.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }
}
