package dev.spindle.runtime;

import java.util.Locale;

/**
 * Named points in the protocol where a test can make the process stop dead. Armed by the system
 * property {@code spindle.crash-point=<name>:<batch>} (or the environment variable
 * {@code SPINDLE_CRASH_POINT}): when the process reaches that point in that batch it prints
 * {@code SPINDLE-CRASH-POINT <name> <batch>} to stderr and hangs, so the test can kill it with a
 * real SIGKILL at exactly that moment. Unarmed, a point costs one comparison.
 */
public final class CrashPoints {
    public static final String AFTER_PLAN = "after-plan";
    public static final String AFTER_CHANGELOG = "after-changelog";
    public static final String AFTER_REPORT = "after-report";
    public static final String AFTER_COMMIT = "after-commit";
    public static final String MID_PUBLISH = "mid-publish";
    public static final String AFTER_PUBLISH = "after-publish";

    private static final String ARMED = armed();
    private static volatile boolean disarmed;

    private CrashPoints() {}

    /** Turns the armed point off in this process: a restarted ApplicationMaster must not stop there again. */
    public static void disarm() {
        disarmed = true;
    }

    public static void reached(String name, long batch) {
        if (ARMED != null && !disarmed && ARMED.equals(name + ":" + batch)) {
            System.err.println("SPINDLE-CRASH-POINT " + name + " " + batch);
            System.err.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // keep hanging until killed
                }
            }
        }
    }

    private static String armed() {
        String value = System.getProperty("spindle.crash-point", System.getenv("SPINDLE_CRASH_POINT"));
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
