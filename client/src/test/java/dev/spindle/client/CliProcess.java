package dev.spindle.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code sbin/spindle} as a real child process, so a test can SIGKILL it at a crash point. */
final class CliProcess {
    private CliProcess() {}

    /**
     * Starts {@link SpindleCli} with {@code args}; stderr goes to {@code stderr}, stdout to the
     * returned process (or nowhere with {@code discardStdout}).
     *
     * @param crashPoint armed in the child ({@code name:batch}), or null
     */
    static Process start(List<String> args, String crashPoint, Path stderr, boolean discardStdout) throws IOException {
        return start(args, crashPoint, stderr, discardStdout, List.of());
    }

    /** As above, with more JVM options ({@code -Djava.io.tmpdir=...}). */
    static Process start(List<String> args, String crashPoint, Path stderr, boolean discardStdout, List<String> jvmOptions)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        if (crashPoint != null) {
            command.add("-Dspindle.crash-point=" + crashPoint);
        }
        command.add(SpindleCli.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        if (discardStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        return builder.start();
    }
}
