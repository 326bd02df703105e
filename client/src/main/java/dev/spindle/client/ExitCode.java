package dev.spindle.client;

/**
 * The exit codes of every Spindle command ({@code sbin/spindle}, {@code spindle-submit},
 * {@code spindle-local}); each means one thing. The table is in the README and in {@code --help}.
 */
public final class ExitCode {
    /** Success: the command did what it was asked (a run SUCCEEDED, or ran until it was stopped as asked). */
    public static final int OK = 0;
    /** Failed: the command started and did not succeed (the job FAILED or was killed, an I/O error, a service down). */
    public static final int FAILED = 1;
    /** Bad usage, nothing started: an unknown command, option or setting, a bad value, an unusable input or output. */
    public static final int USAGE = 2;
    /** Refused: another run or a live job holds the checkpoint, or whether one does cannot be told. */
    public static final int REFUSED = 3;
    /** {@code checkpoint verify}: the checkpoint is damaged. */
    public static final int DAMAGED = 4;
    /** A run ended by SIGINT (Ctrl-C) before its trigger's end, as shells report it: 128 + 2. */
    public static final int INTERRUPTED = 130;
    /** A run ended by SIGTERM before its trigger's end: 128 + 15. */
    public static final int TERMINATED = 143;

    /** The table printed by {@code --help} and kept in the README. */
    static final String TABLE = """
            exit codes:
              0    success (a run SUCCEEDED, or a processing-time run was stopped as asked)
              1    failed: the command started and did not succeed (the job FAILED or was killed, I/O error)
              2    bad usage, nothing started (unknown option or setting, bad value, unusable input or output)
              3    refused: another run or a live job holds the checkpoint, or that cannot be told
              4    checkpoint verify: the checkpoint is damaged
              130  a run stopped by SIGINT (Ctrl-C) before its end (available-now, once); 143 for SIGTERM""";

    private ExitCode() {}

    /** The exit code of a run stopped by {@code signal} before its end. */
    public static int interruptedBy(String signal) {
        return "TERM".equals(signal) ? TERMINATED : INTERRUPTED;
    }
}
