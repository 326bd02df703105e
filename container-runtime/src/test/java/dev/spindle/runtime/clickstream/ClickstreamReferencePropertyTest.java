package dev.spindle.runtime.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.examples.sessions.SessionsJob;
import dev.spindle.examples.urltrends.UrlTrendsJob;
import dev.spindle.runtime.Jobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.spindle.examples.clickstream.reference.BatchResult;
import dev.spindle.examples.clickstream.reference.ClickstreamReference;
import dev.spindle.examples.clickstream.reference.OffsetRange;
import dev.spindle.examples.clickstream.reference.RunResult;
import dev.spindle.runtime.testing.JobTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine against the independent reference simulator of the clickstream and sessions specs, on random
 * input at several rate limits: the same batches (ranges, watermark, counters), the same rows and
 * dead letters per batch; then a second available-now run after more input, continuing the
 * checkpoint.
 */
class ClickstreamReferencePropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    // The last row puts more records in a task's batch than the engine decides per state lookup
    // (TaskProcessor.CHUNK_RECORDS), so duplicates straddle its chunks.
    // url-trends shuffles into the given number of tasks (0: the setting's default) and joins a
    // users table that changes between the runs.
    @ParameterizedTest(name = "{0}: seed {1}, {2} partitions, limit {3}, {4} records per run, shuffle {5}")
    @CsvSource({"clickstream, 1, 1, 10000, 400, 0", "clickstream, 2, 3, 7, 400, 0", "clickstream, 3, 4, 50, 400, 0",
            "clickstream, 4, 2, 13, 400, 0", "clickstream, 5, 4, 1000, 400, 0", "clickstream, 6, 3, 1, 60, 0",
            "clickstream, 7, 2, 100000, 40000, 0",
            "sessions, 11, 1, 10000, 400, 0", "sessions, 12, 3, 7, 400, 0", "sessions, 13, 4, 50, 400, 0",
            "sessions, 14, 2, 1, 60, 0", "sessions, 15, 2, 100000, 40000, 0",
            "url-trends, 21, 1, 10000, 400, 0", "url-trends, 22, 3, 7, 400, 2", "url-trends, 23, 4, 50, 400, 5",
            "url-trends, 24, 2, 1, 60, 1", "url-trends, 25, 2, 100000, 40000, 3",
            "spend-alerts, 31, 1, 10000, 400, 0", "spend-alerts, 32, 3, 7, 400, 0", "spend-alerts, 33, 4, 50, 400, 0",
            "spend-alerts, 34, 2, 1, 60, 0", "spend-alerts, 35, 2, 100000, 40000, 0"})
    void theEngineAgreesWithTheReference(String job, long seed, int partitions, long limit, int records,
            int shufflePartitions) throws Exception {
        Random random = new Random(seed);
        List<Map<String, String>> tables = List.of(Map.of("u0", "de", "u1", "fr", "u2", "de", "?", "zz"),
                Map.of("u0", "it", "u1", "fr", "u3", "fr"));
        ClickstreamReference reference = switch (job) {
            case SessionsJob.NAME -> ClickstreamReference.sessions(partitions);
            case UrlTrendsJob.NAME -> ClickstreamReference.urlTrends(partitions, tables.get(0));
            case "spend-alerts" -> ClickstreamReference.spendAlerts(partitions);
            default -> new ClickstreamReference(partitions);
        };
        StreamJob streamJob = Jobs.find(job).create();
        Path table = dir.resolve("users.csv");
        try (JobTestDriver engine = JobTestDriver.create(streamJob, partitions, dir)) {
            engine.set("spindle.source.max-records-per-batch", Long.toString(limit));
            engine.set("spindle.state.snapshot-every-batches", "4");
            engine.set(UrlTrendsJob.USERS.pathSetting(), table.toUri().toString());
            if (shufflePartitions > 0) {
                engine.set(StreamJob.SHUFFLE_PARTITIONS_SETTING, Integer.toString(shufflePartitions));
            }
            long base = 1_767_225_600_000L;
            for (int run = 0; run < 2; run++) {
                writeTable(table, tables.get(run));
                if (job.equals(UrlTrendsJob.NAME)) {
                    reference.useTable(tables.get(run));
                }
                List<List<byte[]>> input = ClickstreamInputs.generate(random, partitions, records,
                        base + run * 300_000L);
                for (int p = 0; p < partitions; p++) {
                    reference.append(p, input.get(p));
                    for (byte[] value : input.get(p)) {
                        engine.send(p, null, value);
                    }
                }
                RunResult expected = reference.runAvailableNow(limit);
                List<EngineBatch> actual = new ArrayList<>();
                engine.run(new Trigger.AvailableNow(), (plan, commit, timings) -> actual.add(new EngineBatch(
                        plan.batch(), plan.watermark(), plan.starts(), plan.ends(), commit.properties())));
                compare(expected, actual, engine, "run " + run);
            }
            assertFalse(engine.rows().isEmpty(), "the input closes some windows or sessions");
            if (job.equals("spend-alerts")) {
                assertTrue(engine.rows().stream().anyMatch(row -> row.contains("\"cleared\"")), "alerts cleared by timers");
            }
        }
    }

    record EngineBatch(long batch, Long watermark, Map<Integer, Long> starts, Map<Integer, Long> ends,
            Map<String, String> counters) {}

    private void compare(RunResult expected, List<EngineBatch> actual, JobTestDriver engine, String run) throws Exception {
        assertEquals(expected.batchCount(), actual.size(), run + ": batches");
        Map<Long, List<String>> rows = linesByBatch(dir.resolve("output"));
        Map<Long, List<JsonNode>> deadLetters = jsonByBatch(dir.resolve("output").resolve("_dlq"));
        for (int i = 0; i < actual.size(); i++) {
            BatchResult want = expected.batches().get(i);
            EngineBatch got = actual.get(i);
            String where = run + ", batch " + want.batch();
            assertEquals(want.batch(), got.batch(), where);
            assertEquals(want.watermark().isPresent() ? want.watermark().getAsLong() : null, got.watermark(), where + ": watermark");
            for (OffsetRange range : want.ranges()) {
                assertEquals(range.start(), got.starts().get(range.partition()), where + ": start of " + range.partition());
                assertEquals(range.end(), got.ends().get(range.partition()), where + ": end of " + range.partition());
            }
            assertEquals(want.counters().recordsIn(), count(got, "records_in"), where + ": records_in");
            assertEquals(want.counters().recordsMalformed(), count(got, "records_malformed"), where + ": malformed");
            assertEquals(want.counters().recordsDuplicate(), count(got, "records_duplicate"), where + ": duplicate");
            assertEquals(want.counters().recordsLate(), count(got, "records_late"), where + ": late");
            assertEquals(want.counters().recordsAccepted(), count(got, "records_accepted"), where + ": accepted");
            assertEquals(want.counters().rowsOut(), count(got, "rows_out"), where + ": rows_out");
            assertEquals(count(got, "records_shuffled_out"), count(got, "records_shuffled_in"), where + ": shuffled");
            if (engine.job().shuffle() != null) { // every accepted value crosses the shuffle once
                assertEquals(want.counters().recordsAccepted(), count(got, "records_shuffled_out"), where + ": shuffled");
            }
            assertEquals(sorted(want.rows()), sorted(rows.getOrDefault(got.batch(), List.of())), where + ": rows");
            List<JsonNode> wantDead = new ArrayList<>();
            for (String line : want.deadLetters()) {
                wantDead.add(JSON.readTree(line));
            }
            assertEquals(sortedJson(wantDead), sortedJson(deadLetters.getOrDefault(got.batch(), List.of())),
                    where + ": dead letters");
        }
    }

    private static void writeTable(Path file, Map<String, String> users) throws IOException {
        StringBuilder text = new StringBuilder("user,country\n");
        new TreeMap<>(users).forEach((user, country) -> text.append(user).append(',').append(country).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    private static long count(EngineBatch batch, String name) {
        return Long.parseLong(batch.counters().getOrDefault(name, "0"));
    }

    private static Map<Long, List<String>> linesByBatch(Path folder) throws Exception {
        Map<Long, List<String>> lines = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString(); // part-00000007-s0-p1.jsonl
                long batch = Long.parseLong(name.substring(5, 13));
                lines.computeIfAbsent(batch, b -> new ArrayList<>()).addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    private static Map<Long, List<JsonNode>> jsonByBatch(Path folder) throws Exception {
        Map<Long, List<JsonNode>> json = new HashMap<>();
        for (Map.Entry<Long, List<String>> batch : linesByBatch(folder).entrySet()) {
            for (String line : batch.getValue()) {
                json.computeIfAbsent(batch.getKey(), b -> new ArrayList<>()).add(JSON.readTree(line));
            }
        }
        return json;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    private static List<String> sortedJson(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::toString).sorted().toList();
    }
}
