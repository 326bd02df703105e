package dev.spindle.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.api.ParseResult;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.AggregateRow;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.SlidingWindows;
import dev.spindle.runtime.testing.JobTestDriver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sliding windows with combined aggregates against brute force, on out-of-order input at several
 * rate limits (batch boundaries fall everywhere), over three available-now runs that each start
 * from the checkpoint the one before left. The input is made so that no value is late (the
 * disorder stays within the watermark delay, and partitions are read in step), so the expected
 * rows do not depend on where batches end: after each run, exactly one row for every (window, user)
 * whose window ends at or before the final watermark (the largest event time minus the delay).
 */
class SlidingWindowsBruteForceTest {
    private static final long SIZE = 60_000;
    private static final long SLIDE = 10_000;
    private static final long DELAY = 60_000;
    private static final long BASE = 1_767_225_600_000L;

    @TempDir
    Path dir;

    record Event(String user, String id, long ts, BigDecimal amount) {}

    static StreamJob job() {
        return StreamJob.named("sliding")
                .readKafka("events")
                .parse(record -> {
                    String[] fields = new String(record.value(), StandardCharsets.UTF_8).split(",", -1);
                    return ParseResult.ok(new Event(fields[0], fields[1], Long.parseLong(fields[2]),
                            new BigDecimal(fields[3])));
                })
                .withEventTime(Event::ts)
                .withWatermark(Duration.ofMillis(DELAY))
                .keyByPartitionKey(Event::user)
                .window(new SlidingWindows(SIZE, SLIDE))
                .aggregate(Aggregates.combine(
                        Aggregates.named("count", Aggregates.count()),
                        Aggregates.named("sum", Aggregates.sum(Event::amount)),
                        Aggregates.named("ids", Aggregates.countDistinct(Event::id)),
                        Aggregates.named("top", Aggregates.mostFrequent(Event::id)),
                        Aggregates.named("max", Aggregates.max(Event::amount))))
                .writeLines(r -> row(r.windowStart(), r.windowEnd(), r.key(), r.value()));
    }

    private static String row(long start, long end, String user, AggregateRow value) {
        return start + "," + end + "," + user + "," + value.getLong("count") + ","
                + Aggregates.plainDecimal(value.getDecimal("sum")) + "," + value.getLong("ids") + ","
                + value.getString("top") + "," + value.getDecimal("max").toPlainString();
    }

    @ParameterizedTest(name = "seed {0}, {1} partitions, limit {2}")
    @CsvSource({"1, 1, 1000", "2, 3, 7", "3, 2, 2", "4, 4, 50"})
    void everyClosedWindowOnceWithItsRow(long seed, int partitions, long limit) throws Exception {
        Random random = new Random(seed);
        List<Event> sent = new ArrayList<>();
        try (JobTestDriver engine = JobTestDriver.create(job(), partitions, dir)) {
            engine.set("spindle.source.max-records-per-batch", Long.toString(limit));
            engine.set("spindle.state.snapshot-every-batches", "5");
            long next = 0;
            for (int run = 0; run < 3; run++) {
                for (int i = 0; i < 100 * partitions; i++, next++) {
                    int partition = (int) (next % partitions); // partitions in step: read at the same pace
                    String user = "u" + (partition + partitions * random.nextInt(3));
                    long ts = BASE + next * 700 - random.nextInt(5_000);
                    Event event = new Event(user, "i" + random.nextInt(4), ts,
                            BigDecimal.valueOf(random.nextInt(10_000), 2));
                    sent.add(event);
                    engine.send(partition, user, event.user() + "," + event.id() + "," + event.ts() + ","
                            + event.amount());
                }
                Map<?, ?> summary = new ObjectMapper().readValue(engine.runAvailableNow().toJson(), Map.class);
                assertEquals(0, ((Number) summary.get("records_late")).intValue(), "the input must have no late value");
                long watermark = sent.stream().mapToLong(Event::ts).max().orElseThrow() - DELAY;
                assertEquals(bruteForce(sent, watermark), sorted(engine.rows()), "after run " + run);
            }
        }
    }

    /** Every (window, user) with a value whose window ends at or before {@code watermark}, one row each. */
    private static List<String> bruteForce(List<Event> events, long watermark) {
        Map<String, List<Event>> windows = new TreeMap<>();
        for (Event event : events) {
            for (long start = event.ts() - Math.floorMod(event.ts(), SLIDE); start > event.ts() - SIZE; start -= SLIDE) {
                if (start + SIZE <= watermark) {
                    windows.computeIfAbsent(start + "|" + event.user(), k -> new ArrayList<>()).add(event);
                }
            }
        }
        List<String> rows = new ArrayList<>();
        windows.forEach((window, values) -> {
            long start = Long.parseLong(window.substring(0, window.indexOf('|')));
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal max = null;
            Map<String, Integer> ids = new TreeMap<>();
            Set<String> distinct = new HashSet<>();
            for (Event value : values) {
                sum = sum.add(value.amount());
                max = max == null || value.amount().compareTo(max) > 0 ? value.amount() : max;
                ids.merge(value.id(), 1, Integer::sum);
                distinct.add(value.id());
            }
            int most = ids.values().stream().max(Integer::compare).orElseThrow();
            String top = ids.entrySet().stream().filter(e -> e.getValue() == most).findFirst().orElseThrow().getKey();
            rows.add(start + "," + (start + SIZE) + "," + values.get(0).user() + "," + values.size() + ","
                    + Aggregates.plainDecimal(sum) + "," + distinct.size() + "," + top + "," + max.toPlainString());
        });
        return sorted(rows);
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }
}
