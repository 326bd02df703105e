package dev.spindle.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Named points in the protocol where a test can make the process stop dead. Armed by the system
 * property {@code spindle.crash-point=<name>:<batch>} where the testkit enabled {@link TestHooks}
 * (or the environment variable {@code SPINDLE_CRASH_POINT}, which only a submission from a test sets): when the process reaches that point in that batch it prints
 * {@code SPINDLE-CRASH-POINT <name> <batch>} to stderr and hangs, so the test can kill it with a
 * real SIGKILL at exactly that moment. Armed as {@code <name>:<batch>:pause}, the process instead
 * stops itself with SIGSTOP there, and when a test resumes it (SIGCONT, possibly long after its
 * ZooKeeper session expired and its work moved elsewhere) it prints {@code SPINDLE-CRASH-POINT
 * <name> <batch> resumed} and carries on as a zombie. Unarmed, a point costs one comparison.
 */
public final class CrashPoints {
    public static final String AFTER_PLAN = "after-plan";
    public static final String AFTER_CHANGELOG = "after-changelog";
    public static final String AFTER_REPORT = "after-report";
    /** In a task that feeds a shuffle: its shuffle file written, not reported. */
    public static final String AFTER_SHUFFLE_WRITE = "after-shuffle-write";
    /** In a task after a shuffle: its blocks read and processed, nothing written. */
    public static final String AFTER_SHUFFLE_READ = "after-shuffle-read";
    /** In the driver: every task reported, {@code commits/<b>} not written. */
    public static final String BEFORE_COMMIT = "before-commit";
    public static final String AFTER_COMMIT = "after-commit";
    public static final String MID_PUBLISH = "mid-publish";
    public static final String AFTER_PUBLISH = "after-publish";
    /** In the Kafka sink: a task's batch sent with its confirmation offsets, the transaction not committed. */
    public static final String AFTER_KAFKA_SEND = "after-kafka-send";
    /** In the Kafka sink: the transaction committed, {@code sinks/published/<b>} not written. */
    public static final String AFTER_KAFKA_COMMIT = "after-kafka-commit";

    private static final String ARMED = armed();
    private static volatile boolean disarmed;

    private CrashPoints() {}

    /** Turns the armed point off in this process: a restarted ApplicationMaster must not stop there again. */
    public static void disarm() {
        disarmed = true;
    }

    public static void reached(String name, long batch) {
        if (ARMED == null || disarmed) {
            return;
        }
        String point = name + ":" + batch;
        if (ARMED.equals(point + ":pause")) {
            disarmed = true; // a zombie pauses once
            System.err.println("SPINDLE-CRASH-POINT " + name + " " + batch + " paused");
            System.err.flush();
            stopThisProcess();
            System.err.println("SPINDLE-CRASH-POINT " + name + " " + batch + " resumed");
            System.err.flush();
            // and in the process's log, so what it logged after resuming can be found there
            org.slf4j.LoggerFactory.getLogger(CrashPoints.class).warn("SPINDLE-CRASH-POINT {} {} resumed", name, batch);
        } else if (ARMED.equals(point)) {
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

    /** SIGSTOP to this JVM: returns once someone sends SIGCONT. */
    private static void stopThisProcess() {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("crash point could not pause this process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The armed point: the system property only where the testkit enabled {@link TestHooks}; the
     * environment variable in containers, where only a submission the testkit allowed sets it.
     */
    private static String armed() {
        String value = TestHooks.enabled() ? System.getProperty("spindle.crash-point") : null;
        if (value == null) {
            value = System.getenv("SPINDLE_CRASH_POINT");
        }
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
