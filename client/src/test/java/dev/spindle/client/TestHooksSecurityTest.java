package dev.spindle.client;

import static dev.spindle.client.CheckpointCommandTest.spindle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.client.CheckpointCommandTest.Result;
import dev.spindle.runtime.TestHooks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production user cannot arm a crash point: outside the testkit (this JVM has no
 * SpindleClusterExtension) the test-only setting is refused in one line, exit 2, by every command
 * that takes settings, before anything is submitted or started.
 */
class TestHooksSecurityTest {
    @TempDir
    Path dir;

    @Test
    void theCrashPointSettingIsRefusedOutsideTheTestkit() {
        assertFalse(TestHooks.enabled(), "no testkit extension in this JVM");
        String refusal = "setting 'spindle.test.crash-point' (given with --conf) is a switch of Spindle's own tests and is"
                + " refused outside them; remove it";
        Result submit = spindle("submit", "--job", "clickstream", "--checkpoint", "/jobs/c/checkpoint", "--output",
                "/jobs/c/output", "--bootstrap-servers", "127.0.0.1:9", "--conf", "spindle.test.crash-point=after-commit:1");
        assertEquals(ExitCode.USAGE, submit.code(), submit.err());
        assertEquals("spindle-submit: " + refusal, submit.err());
        Result local = spindle("run", "--local", "--job", "clickstream", "--bootstrap-servers", "127.0.0.1:9",
                "--output", dir.resolve("out").toString(), "--checkpoint", dir.resolve("checkpoint").toString(),
                "--trigger", "available-now", "--conf", "spindle.test.crash-point=after-plan:0:pause");
        assertEquals(ExitCode.USAGE, local.code(), local.err());
        assertEquals("spindle run: " + refusal, local.err());
    }
}
