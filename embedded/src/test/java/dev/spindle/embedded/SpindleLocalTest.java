package dev.spindle.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.SpindleCli;
import dev.spindle.state.io.Json;
import dev.spindle.testkit.CliProcess;
import dev.spindle.testkit.ClickstreamEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sbin/spindle-local} as the README runs it, with the job that shuffles: the whole embedded
 * stack in its own process, the users table a local file, an executor killed every 3 batches —
 * and exactly the rows, dead letters and counters of {@code spindle run --local} on the same input.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class SpindleLocalTest {
    @TempDir
    Path dir;

    @Test
    void urlTrendsOnTheEmbeddedYarnWithExecutorsKilledWritesExactlyTheOutputOfALocalRun() throws Exception {
        Path input = dir.resolve("events.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(31), 3_000, 300), StandardCharsets.UTF_8);
        StringBuilder users = new StringBuilder("user,country\n");
        for (int user = 0; user < 300; user += 2) {
            users.append('u').append(user).append(',').append(user % 3 == 0 ? "de" : "fr").append('\n');
        }
        Path table = Files.writeString(dir.resolve("users.csv"), users.toString(), StandardCharsets.UTF_8);
        List<String> common = List.of("--job", "url-trends", "--input", input.toString(), "--trigger", "available-now",
                "--conf", "spindle.job.users-table=" + table, "--conf", "spindle.source.max-records-per-batch=300");

        List<String> local = new ArrayList<>(List.of("run", "--local", "--output", dir.resolve("local").toString(),
                "--checkpoint", dir.resolve("local-checkpoint").toString()));
        local.addAll(common);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SpindleCli.run(local.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));
        String localSummary = lastLine(stdout.toString(StandardCharsets.UTF_8));

        List<String> embedded = new ArrayList<>(List.of("--output", dir.resolve("embedded").toString(),
                "--kill-executor-every-batches", "3"));
        embedded.addAll(common);
        Process process = CliProcess.start(LocalClusterCommand.class.getName(), embedded, null, dir.resolve("embedded.err"), false,
                List.of("-Xmx1536m", "--add-opens", "java.base/java.lang=ALL-UNNAMED", // as sbin/spindle-local runs it
                        "-Dspindle.lib.dir=" + System.getProperty("spindle.lib.dir"),
                        "-Dspindle.conf.dir=" + System.getProperty("spindle.conf.dir")));
        String embeddedOut = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(4, TimeUnit.MINUTES), "spindle-local ended");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("embedded.err")));
        // The test class path's log4j writes to stdout too (sbin/ puts conf/ first): take the summary line.
        String embeddedSummary = embeddedOut.lines().filter(line -> line.startsWith("{\"status\"")).reduce((a, b) -> b)
                .orElse("no summary in: " + embeddedOut);
        String console = Files.readString(dir.resolve("embedded.err"));
        assertTrue(console.contains("killed executor"), "an executor was killed: " + console);
        // A progress line for every committed batch, the last one included (printed before the summary).
        long batches = Json.parseText(embeddedSummary, "summary").path("batches").asLong();
        assertTrue(batches > 3, embeddedSummary);
        for (long batch = 0; batch < batches; batch++) {
            assertTrue(console.contains("\nbatch " + batch + ": "), "no line for batch " + batch + ":\n" + console);
        }

        List<String> rows = lines(dir.resolve("local"));
        assertTrue(rows.stream().filter(line -> line.contains("top_country")).count() > 100, "rows: " + rows.size());
        assertEquals(rows, lines(dir.resolve("embedded")));
        assertEquals(counters(localSummary), counters(embeddedSummary));
    }

    /** The summary without its elapsed time. */
    private static String counters(String summary) {
        return summary.replaceAll(",\"elapsed_ms\":\\d+", "");
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Every line of every output file (rows, then dead letters), by file name. */
    private static List<String> lines(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path folder : List.of(output, output.resolve("_dlq"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    Files.readAllLines(file).forEach(line -> lines.add(output.relativize(file) + " " + line));
                }
            }
        }
        return lines;
    }
}
