package dev.spindle.client;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code sbin/spindle}: the command-line entry point. */
public final class SpindleCli {
    static final String USAGE = "usage: spindle run --local ... | spindle checkpoint ls|verify|gc DIR ..."
            + " | spindle status|kill|stop APP_ID | spindle list | spindle version";

    private SpindleCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Prints, once, where the libraries' logging goes when the sbin/ script sent it to a file
     * ({@code spindle.root.logger} with the {@code file} appender of conf/log4j.properties).
     */
    public static void announceLogFile(String command, PrintStream err) {
        String file = System.getProperty("spindle.log.file");
        if (file != null && System.getProperty("spindle.root.logger", "").contains("file")) {
            // java.util.logging (Jersey inside the embedded YARN) would still write to the console.
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
            err.println(command + ": Hadoop, Kafka and ZooKeeper log to "
                    + java.nio.file.Path.of(System.getProperty("spindle.log.dir", "."), file));
        }
    }

    /** Runs a command and returns its exit code (see {@link ExitCode}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "checkpoint":
                return new CheckpointCommand(out, err).run(rest);
            case "run":
                announceLogFile("spindle run", err);
                return new LocalRunCommand(out, err).run(rest);
            case "submit":
                announceLogFile("spindle-submit", err);
                return new SubmitCommand(out, err).run(rest);
            case "status":
            case "list":
            case "kill":
            case "stop":
                return new AppCommand(out, err).run(command, rest);
            case "version":
            case "--version":
                return new VersionCommand(out).run();
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                out.println(ExitCode.TABLE);
                return ExitCode.OK;
            default:
                err.println(command.isEmpty() ? USAGE : "spindle: unknown command '" + command + "'; " + USAGE);
                return ExitCode.USAGE;
        }
    }
}
