package dev.spindle.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests of web pages: Debian's Chromium run headless from its command line,
 * to read a page's DOM after it loaded and to take a screenshot. Started with the flags that keep
 * it off the network beyond the page (no background networking, updates or sync), in a fresh
 * profile directory each time.
 */
public final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Chromium at {@code /usr/bin/chromium} (or {@code $CHROMIUM}), if this machine has it. */
    public static Optional<HeadlessChromium> find(Path workDir) {
        String configured = System.getenv("CHROMIUM");
        Path executable = Path.of(configured == null ? "/usr/bin/chromium" : configured);
        return Files.isExecutable(executable) ? Optional.of(new HeadlessChromium(executable, workDir)) : Optional.empty();
    }

    /** The page's DOM, serialized, once it has loaded. */
    public String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    /** A PNG of the page at {@code width} x {@code height} pixels. */
    public void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("Chromium wrote no screenshot of " + url + " to " + png);
        }
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        command.addAll(arguments);
        Path errors = Files.createTempFile(workDir, "chromium-", ".stderr");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException("Chromium exited with " + process.exitValue() + ": " + Files.readString(errors));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            org.apache.hadoop.fs.FileUtil.fullyDelete(profile.toFile());
            Files.deleteIfExists(errors);
        }
    }
}
