package dev.spindle.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Spindle command as a real child process on the test's class path, so a test can signal or SIGKILL it. */
public final class CliProcess {
    private CliProcess() {}

    /**
     * Starts {@code mainClass} with {@code args}; stderr goes to {@code stderr}, stdout to the
     * returned process (or nowhere with {@code discardStdout}).
     *
     * @param crashPoint armed in the child ({@code name:batch}), or null
     */
    public static Process start(String mainClass, List<String> args, String crashPoint, Path stderr,
            boolean discardStdout) throws IOException {
        return start(mainClass, args, crashPoint, stderr, discardStdout, List.of());
    }

    /** As above, with more JVM options ({@code -Djava.io.tmpdir=...}). */
    public static Process start(String mainClass, List<String> args, String crashPoint, Path stderr,
            boolean discardStdout, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        if (crashPoint != null) {
            command.add("-D" + SpindleClusterExtension.TEST_HOOKS_PROPERTY + "=enabled");
            command.add("-Dspindle.crash-point=" + crashPoint);
        }
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        if (discardStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        return builder.start();
    }
}
