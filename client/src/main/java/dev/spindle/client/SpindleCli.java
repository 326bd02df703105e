package dev.spindle.client;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code sbin/spindle}: the command-line entry point. */
public final class SpindleCli {
    static final String USAGE = "usage: spindle run --local ... | spindle checkpoint ls|verify|gc DIR ..."
            + " | spindle status|kill|stop APP_ID | spindle list";

    private SpindleCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit code (see {@link ExitCode}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "checkpoint":
                return new CheckpointCommand(out, err).run(rest);
            case "run":
                return new LocalRunCommand(out, err).run(rest);
            case "submit":
                return new SubmitCommand(out, err).run(rest);
            case "local":
                return new LocalClusterCommand(out, err).run(rest);
            case "status":
            case "list":
            case "kill":
            case "stop":
                return new AppCommand(out, err).run(command, rest);
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
