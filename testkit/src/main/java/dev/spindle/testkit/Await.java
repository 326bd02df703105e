package dev.spindle.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits on a condition with a deadline, never on a fixed sleep. Tests of distributed things
 * should wait for what they need ("the app is RUNNING", "the marker exists"), bounded by a
 * deadline that names what was awaited when it fails.
 */
public final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {}

    /**
     * Polls {@code condition} until it returns true.
     *
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    public static void until(Duration timeout, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                lastFailure = null;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            sleep(POLL_MILLIS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
