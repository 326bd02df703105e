package dev.spindle.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.Codec;
import dev.spindle.api.ParseResult;
import dev.spindle.api.Trigger;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.TumblingWindows;
import dev.spindle.runtime.testing.JobTestDriver;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.inspect.CheckpointVerifier;
import dev.spindle.state.inspect.Problem;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.retention.GarbageCollector;
import dev.spindle.state.retention.RetentionHorizon;
import dev.spindle.state.retention.RetentionSettings;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shuffle files in the checkpoint: GC keeps those of the batches a retained commit names and
 * deletes the rest, orphans included; verification checks each block; and a task after the
 * shuffle whose changelog is damaged falls back and re-executes its batches from the retained
 * shuffle files, with the output of an undamaged run.
 */
class ShuffleCheckpointTest {
    private static final long BASE = 1_767_225_600_000L;
    private static final RetentionSettings RETENTION = new RetentionSettings(10, 1, Duration.ofMinutes(10));

    @TempDir
    Path dir;

    record Hit(String page, long ts) {}

    static final Codec<Hit> HITS = new Codec<>() {
        @Override
        public void write(Hit hit, DataOutput out) throws IOException {
            out.writeUTF(hit.page());
            out.writeLong(hit.ts());
        }

        @Override
        public Hit read(DataInput in) throws IOException {
            return new Hit(in.readUTF(), in.readLong());
        }
    };

    static StreamJob job() {
        return StreamJob.named("pages")
                .readKafka("hits")
                .parse(record -> {
                    String[] fields = new String(record.value(), StandardCharsets.UTF_8).split(",", -1);
                    return ParseResult.ok(new Hit(fields[0], BASE + Long.parseLong(fields[1])));
                })
                .withEventTime(Hit::ts)
                .withWatermark(Duration.ZERO)
                .keyBy(Hit::page, HITS)
                .window(TumblingWindows.of(Duration.ofSeconds(10)))
                .aggregate(Aggregates.count())
                .writeLines(window -> window.key() + "@" + (window.windowStart() - BASE) + "=" + window.value());
    }

    private static JobTestDriver driver(Path where) throws IOException {
        JobTestDriver driver = JobTestDriver.create(job(), 2, where);
        driver.set("spindle.checkpoint.retain", "10");
        driver.set("spindle.checkpoint.fallback-depth", "1");
        driver.set("spindle.state.snapshot-every-batches", "3");
        driver.set("spindle.source.max-records-per-batch", "4");
        driver.set(StreamJob.SHUFFLE_PARTITIONS_SETTING, "3");
        for (int i = 0; i < 160; i++) {
            driver.send(i % 2, null, "p" + (i % 5) + "," + i * 700L);
        }
        return driver;
    }

    @Test
    void gcKeepsTheShuffleFilesOfRetainedCommitsAndVerifyChecksTheirBlocks() throws Exception {
        try (JobTestDriver driver = driver(dir.resolve("job"))) {
            driver.run(new Trigger.AvailableNow(), (plan, commit, timings) -> {});
            Path orphan = dir.resolve("job/checkpoint/" + CheckpointLayout.shuffleFile(3, "s0-p0", "9-99"));
            Files.createDirectories(orphan.getParent());
            Files.writeString(orphan, "an attempt that never reported");
            long keepFrom;
            try (Checkpoint checkpoint = Checkpoint.open(driver.checkpoint(), new Configuration())) {
                long latest = checkpoint.commits().latestBatch().getAsLong();
                assertTrue(latest > 30, "batches: " + latest);
                keepFrom = RetentionHorizon.keepFrom(checkpoint.commits(), latest, RETENTION, OptionalLong.empty());
                assertTrue(keepFrom > 3, "the horizon passed the first batches: " + keepFrom);
                new GarbageCollector(checkpoint, RETENTION, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                        .collect(OptionalLong.empty(), false);
                TreeSet<Long> named = new TreeSet<>();
                for (long batch = keepFrom; batch <= latest; batch++) {
                    BatchCommit commit = checkpoint.commits().get(batch).orElseThrow();
                    commit.tasks().values().forEach(task -> {
                        if (task.shuffle() != null) {
                            assertTrue(Files.exists(dir.resolve("job/checkpoint/" + task.shuffle().path())),
                                    "kept: " + task.shuffle().path());
                            named.add(Long.parseLong(task.shuffle().path().split("/")[1]));
                        }
                    });
                }
                assertEquals(latest - keepFrom + 1, named.size(), "every retained batch names its shuffle files");
            }
            assertFalse(Files.exists(orphan), "an unnamed shuffle file is deleted");
            TreeSet<Long> left = new TreeSet<>();
            try (Stream<Path> batches = Files.list(dir.resolve("job/checkpoint/shuffle"))) {
                batches.forEach(batch -> left.add(Long.parseLong(batch.getFileName().toString())));
            }
            assertEquals(keepFrom, left.first(), "the files of batches before the horizon are gone");

            Path damaged;
            try (Stream<Path> files = Files.walk(dir.resolve("job/checkpoint/shuffle/" + left.last()))) {
                damaged = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(damaged);
            bytes[6] ^= 0x01; // inside the first block
            Files.write(damaged, bytes);
            try (Checkpoint checkpoint = Checkpoint.openForReading(driver.checkpoint(), new Configuration())) {
                List<Problem> damage = new CheckpointVerifier(checkpoint, RetentionSettings.defaults(), Clock.systemUTC())
                        .verify().damage();
                assertEquals(1, damage.size(), damage.toString());
                assertEquals(Problem.Kind.CORRUPT, damage.get(0).kind());
                assertTrue(damage.get(0).path().startsWith("shuffle/"), damage.toString());
            }
        }
    }

    @Test
    void aTaskAfterTheShuffleFallsBackPastADamagedChangelogAndReExecutesFromTheShuffleFiles() throws Exception {
        try (JobTestDriver whole = driver(dir.resolve("whole")); JobTestDriver damaged = driver(dir.resolve("damaged"))) {
            whole.runAvailableNow();
            damaged.runAvailableNow();
            // The newest changelog of s1-p0: no snapshot the newest commit names covers it, so the
            // next run's restore of s1-p0 needs it, falls back to an older commit, and re-executes
            // the batches after that one from the shuffle files their commits name.
            Path newest;
            try (Stream<Path> files = Files.list(dir.resolve("damaged/checkpoint/state/s1-p0/changelog"))) {
                newest = files.max((x, y) -> Long.compare(batchOf(x), batchOf(y))).orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(newest);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(newest, bytes);
            for (JobTestDriver driver : List.of(whole, damaged)) {
                for (int i = 160; i < 200; i++) {
                    driver.send(i % 2, null, "p" + (i % 5) + "," + i * 700L);
                }
                driver.runAvailableNow();
            }
            assertEquals(whole.rows(), damaged.rows(), "the fallback re-executed the lost batches from the shuffle files");
            try (Stream<Path> snapshots = Files.list(dir.resolve("damaged/checkpoint/state/s1-p0/snapshot"))) {
                assertTrue(snapshots.anyMatch(snapshot -> batchOf(snapshot) == batchOf(newest)
                        && snapshot.getFileName().toString().contains("-2-")), "the fallback's snapshot (epoch 2)");
            }
        }
    }

    private static long batchOf(Path changelog) {
        String name = changelog.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('-')));
    }
}
