package dev.spindle.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.ParseResult;
import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.table.StaticTable;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.TumblingWindows;
import dev.spindle.runtime.JobFailedException;
import dev.spindle.runtime.testing.JobTestDriver;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.Problem;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.RetentionSettings;
import dev.spindle.api.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.hadoop.conf.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream-static join: each batch joins against the table version pinned with its plan and kept
 * in the checkpoint; a changed file is used from the next planned batch on, a replayed plan joins
 * against its own version whatever the file holds now, and a bad table stops the run before its
 * first batch with one line naming the file, the line and the rule.
 */
class StaticTableJoinTest {
    private static final StaticTable USERS = StaticTable.keyValue("users", "spindle.job.users-table", "user,country");
    private static final long BASE = 1_767_225_600_000L;

    @TempDir
    Path dir;

    record Visit(String user, long ts) {}

    record Located(String country, long ts) {}

    static StreamJob job() {
        return StreamJob.named("countries")
                .readKafka("visits")
                .parse(record -> {
                    String[] fields = new String(record.value(), StandardCharsets.UTF_8).split(",", -1);
                    return ParseResult.ok(new Visit(fields[0], Long.parseLong(fields[1])));
                })
                .joinTable(USERS, Visit::user, (visit, country) -> new Located(country == null ? "--" : country, visit.ts()))
                .withEventTime(Located::ts)
                .withWatermark(Duration.ZERO)
                .keyByPartitionKey(Located::country)
                .window(TumblingWindows.of(Duration.ofSeconds(10)))
                .aggregate(Aggregates.count())
                .writeLines(r -> r.key() + "," + (r.windowStart() - BASE) + "," + r.value());
    }

    @Test
    void eachBatchJoinsTheVersionItsPlanPinned() throws Exception {
        Path table = dir.resolve("users.csv");
        Files.writeString(table, "user,country\r\nann,de\n\nbob,fr\n");
        try (JobTestDriver driver = JobTestDriver.create(job(), 1, dir.resolve("job"))) {
            driver.set(USERS.pathSetting(), table.toUri().toString());
            send(driver, "ann", 0);
            send(driver, "bob", 1_000);
            send(driver, "cid", 2_000);
            driver.runOnce();
            assertTrue(driver.rows().isEmpty());

            Files.writeString(table, "user,country\nann,it\nbob,fr\ncid,es\n"); // used from the next plan on
            send(driver, "ann", 10_000);
            send(driver, "cid", 11_000);
            send(driver, "ann", 20_000);
            driver.runOnce();
            driver.runOnce(); // no new data: the watermark closes both windows
            List<String> rows = List.of("--,0,1", "de,0,1", "es,10000,1", "fr,0,1", "it,10000,1");
            assertEquals(rows, sortedRows(driver));
            try (Stream<Path> versions = Files.list(dir.resolve("job/checkpoint/tables/users"))) {
                assertEquals(2, versions.count(), "both versions are kept in the checkpoint");
            }

            // The last two batches run again from their stored plans (their commits lost): batch 1
            // joins against the version it pinned, not the file, or batch 2's publish would meet
            // other bytes than its files hold.
            Files.writeString(table, "user,country\nann,pl\ncid,pl\n");
            Files.delete(dir.resolve("job/checkpoint/commits/2"));
            Files.delete(dir.resolve("job/checkpoint/commits/1"));
            driver.runOnce();
            driver.runOnce();
            assertEquals(rows, sortedRows(driver));
        }
    }

    @Test
    void gcDeletesATableCopyOnceNoRetainedPlanPinsItAndVerificationChecksTheOthers() throws Exception {
        Path table = dir.resolve("users.csv");
        Files.writeString(table, "user,country\nann,de\n");
        Path copies = dir.resolve("job/checkpoint/tables/users");
        try (JobTestDriver driver = JobTestDriver.create(job(), 1, dir.resolve("job"))) {
            driver.set(USERS.pathSetting(), table.toString());
            driver.set("spindle.checkpoint.retain", "10");
            driver.set("spindle.checkpoint.fallback-depth", "1");
            driver.set("spindle.state.snapshot-every-batches", "3");
            driver.set("spindle.source.max-records-per-batch", "1");
            for (int batch = 0; batch < 40; batch++) {
                send(driver, "ann", batch * 1_000L);
            }
            // One run of 40 batches (snapshots are named by a later batch's report): the file changes
            // after the first, so only batch 0 pins the first version.
            driver.run(new Trigger.AvailableNow(), (plan, commit, timings) -> {
                if (plan.batch() == 0) {
                    try {
                        Files.writeString(table, "user,country\nann,fra\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            try (Checkpoint checkpoint = Checkpoint.open(driver.checkpoint(), new Configuration())) {
                // GC as an hour later, past the grace for files of attempts in flight
                new GarbageCollector(checkpoint, new RetentionSettings(10, 1, Duration.ofMinutes(10)),
                        Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).collect(OptionalLong.empty(), false);
            }
            List<Path> left;
            try (Stream<Path> versions = Files.list(copies)) {
                left = versions.toList();
            }
            assertEquals(1, left.size(), "only the version retained plans pin is left: " + left);

            flip(left.get(0));
            try (Checkpoint checkpoint = Checkpoint.openForReading(driver.checkpoint(), new Configuration())) {
                List<Problem> damage = new CheckpointVerifier(checkpoint, RetentionSettings.defaults(),
                        Clock.systemUTC()).verify().damage();
                assertEquals(1, damage.size(), damage.toString());
                assertEquals(Problem.Kind.CORRUPT, damage.get(0).kind());
                assertTrue(damage.get(0).path().startsWith("tables/users/"), damage.toString());
            }
        }
    }

    private static void flip(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(file, bytes);
    }

    @Test
    void aBadTableStopsTheRunBeforeItsFirstBatchNamingTheFileTheLineAndTheRule() throws Exception {
        Path table = dir.resolve("users.csv");
        Files.writeString(table, "user,country\nann,de\nbob\n");
        try (JobTestDriver driver = JobTestDriver.create(job(), 1, dir.resolve("job"))) {
            driver.set(USERS.pathSetting(), table.toString());
            send(driver, "ann", 0);
            JobFailedException bad = assertThrows(JobFailedException.class, driver::runOnce);
            assertEquals("table users " + table.toUri().toString().replace("file:///", "file:/") + ", line 3: no comma "
                    + "(every line after the header is <key>,<value>)", bad.getMessage());
            assertTrue(driver.rows().isEmpty());

            Files.writeString(table, "user,country\nann,de\nann,fr\n");
            assertTrue(assertThrows(JobFailedException.class, driver::runOnce).getMessage()
                    .endsWith("line 3: the key 'ann' appears twice (keys are unique)"));
            Files.writeString(table, "user;country\n");
            assertTrue(assertThrows(JobFailedException.class, driver::runOnce).getMessage()
                    .endsWith("line 1: the first line must be exactly 'user,country'"));
            Files.delete(table);
            assertTrue(assertThrows(JobFailedException.class, driver::runOnce).getMessage().endsWith(" does not exist"));
        }
    }

    @Test
    void aJobWithATableNeedsItsSetting() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(job(), 1, dir.resolve("job"))) {
            InvalidSettingException missing = assertThrows(InvalidSettingException.class, driver::runOnce);
            assertEquals("the job joins table 'users': set its file with --conf spindle.job.users-table=PATH "
                    + "(hdfs://..., file:///..., or a path on fs.defaultFS)", missing.getMessage());
        }
    }

    private static void send(JobTestDriver driver, String user, long offset) {
        driver.send(0, user, user + "," + (BASE + offset));
    }

    private static List<String> sortedRows(JobTestDriver driver) throws Exception {
        return driver.rows().stream().sorted().toList();
    }
}
