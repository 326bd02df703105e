package dev.spindle.runtime;

/**
 * Whether this JVM may use Spindle's test-only switches ({@link CrashPoints}, the setting
 * {@code spindle.test.crash-point}): only when Spindle's testkit has said so, by the system property
 * {@value #PROPERTY}{@code =enabled} (set when a {@code SpindleTestCluster} starts, and on the
 * command processes a test starts with a crash point). Everywhere else they are refused, so that a
 * production job cannot be made to hang or stop at a protocol step by a setting.
 */
public final class TestHooks {
    /** Set to {@code enabled} by the testkit only. */
    public static final String PROPERTY = "spindle.testkit.hooks";

    private TestHooks() {}

    public static boolean enabled() {
        return "enabled".equals(System.getProperty(PROPERTY));
    }
}
