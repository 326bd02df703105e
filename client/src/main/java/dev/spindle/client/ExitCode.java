package dev.spindle.client;

/** The exit codes of {@code sbin/spindle}. */
public final class ExitCode {
    /** Success; for {@code checkpoint verify}: the checkpoint is sound. */
    public static final int OK = 0;
    /** Bad usage, a bad configuration value, or an I/O error. */
    public static final int USAGE_OR_IO = 1;
    /** {@code checkpoint verify}: the checkpoint is damaged. */
    public static final int DAMAGED = 2;
    /** Refused: a live job holds the checkpoint, or whether one does cannot be told. */
    public static final int REFUSED = 3;

    private ExitCode() {}
}
