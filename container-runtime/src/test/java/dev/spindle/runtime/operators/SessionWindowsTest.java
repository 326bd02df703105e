package dev.spindle.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.Aggregate;
import dev.spindle.api.ParseResult;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.SessionWindows;
import dev.spindle.runtime.task.StateInspector.OpenSession;
import dev.spindle.runtime.testing.JobTestDriver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session windows batch by batch, with the state in between: a value that arrives late in
 * processing (not in event time) joins two sessions into one; intervals that only touch stay two
 * sessions; each is emitted once when the watermark passes its end, and leaves no state behind.
 */
class SessionWindowsTest {
    private static final long BASE = 1_767_225_600_000L;

    @TempDir
    Path dir;

    record Visit(String user, long ts, BigDecimal amount) {}

    static StreamJob job(Aggregate<? super Visit, ?, ?> aggregate) {
        return StreamJob.named("visits")
                .readKafka("visits")
                .parse(record -> {
                    String[] fields = new String(record.value(), StandardCharsets.UTF_8).split(",", -1);
                    return ParseResult.ok(new Visit(fields[0], Long.parseLong(fields[1]), new BigDecimal(fields[2])));
                })
                .withEventTime(Visit::ts)
                .withWatermark(Duration.ofSeconds(60))
                .keyByPartitionKey(Visit::user)
                .window(SessionWindows.withGap(Duration.ofSeconds(30)))
                .aggregate(aggregate)
                .writeLines(r -> r.key() + "," + r.windowStart() + "," + r.windowEnd() + "," + r.value());
    }

    @Test
    void aValueBetweenTwoSessionsJoinsThemAndTouchingIntervalsStayApart() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(job(Aggregates.count()), 1, dir)) {
            send(driver, "u", 0);
            driver.runOnce();
            assertEquals(List.of(new OpenSession(BASE + 30_000, "u")), driver.openSessions(0));

            send(driver, "u", 50_000);
            send(driver, "v", 0);
            send(driver, "v", 30_000); // [0, 30000) and [30000, 60000) touch, do not overlap
            driver.runOnce();
            assertEquals(List.of(new OpenSession(BASE + 30_000, "u"), new OpenSession(BASE + 30_000, "v"),
                    new OpenSession(BASE + 60_000, "v"), new OpenSession(BASE + 80_000, "u")), driver.openSessions(0));

            send(driver, "u", 25_000); // [25000, 55000) overlaps both of u's sessions
            driver.runOnce();
            assertEquals(List.of(new OpenSession(BASE + 30_000, "v"), new OpenSession(BASE + 60_000, "v"),
                    new OpenSession(BASE + 80_000, "u")), driver.openSessions(0));
            assertTrue(driver.rows().isEmpty());

            send(driver, "w", 200_000); // moves the watermark to BASE + 140000 in the next batch
            driver.runOnce();
            driver.runOnce();
            assertEquals(List.of("v," + BASE + "," + (BASE + 30_000) + ",1",
                    "v," + (BASE + 30_000) + "," + (BASE + 60_000) + ",1",
                    "u," + BASE + "," + (BASE + 80_000) + ",3"), driver.rows());
            assertEquals(List.of(new OpenSession(BASE + 230_000, "w")), driver.openSessions(0));
        }
    }

    @Test
    void sessionWindowsRefuseAnAggregateThatCannotMerge() {
        Aggregate<Visit, Long, Long> unmergeable = new Aggregate<>() {
            public Long zero() { return 0L; }
            public Long add(Long count, Visit visit) { return count + 1; }
            public Long result(Long count) { return count; }
            public byte[] encode(Long count) { return new byte[] {count.byteValue()}; }
            public Long decode(byte[] bytes) { return (long) bytes[0]; }
        };
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> job(unmergeable));
        assertEquals("job visits: session windows merge sessions, so their aggregate must be a MergeableAggregate "
                + "(every one in Aggregates is)", refused.getMessage());
    }

    private static void send(JobTestDriver driver, String user, long offset) {
        driver.send(0, user, user + "," + (BASE + offset) + ",1.5");
    }
}
