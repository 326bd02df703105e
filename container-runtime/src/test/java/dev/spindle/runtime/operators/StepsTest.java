package dev.spindle.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.Codec;
import dev.spindle.api.ParseResult;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.TumblingWindows;
import dev.spindle.api.Trigger;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.testing.JobTestDriver;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * map, filter and flatMap before event time and after the late check and deduplication, with a
 * shuffle after them: each value a flat-map makes carries its record's event time, and the
 * counters add up ({@code records_in + records_expanded = malformed + filtered + late + duplicate
 * + accepted}).
 */
class StepsTest {
    private static final long BASE = 1_767_225_600_000L;

    @TempDir
    Path dir;

    /** A line of words at a time, with an id. */
    record Line(String id, long ts, String text) {}

    /** One word of a line. */
    record Word(String word, long ts) {}

    static final Codec<Word> WORDS = new Codec<>() {
        @Override
        public void write(Word word, DataOutput out) throws IOException {
            out.writeUTF(word.word());
            out.writeLong(word.ts());
        }

        @Override
        public Word read(DataInput in) throws IOException {
            return new Word(in.readUTF(), in.readLong());
        }
    };

    static StreamJob job() {
        return StreamJob.named("words")
                .readKafka("lines")
                .parse(record -> {
                    String[] fields = new String(record.value(), StandardCharsets.UTF_8).split(",", 3);
                    return fields.length < 3 ? ParseResult.malformed("fields")
                            : ParseResult.ok(new Line(fields[0], BASE + Long.parseLong(fields[1]), fields[2]));
                })
                .filter(line -> !line.text().isEmpty())                                        // before event time
                .flatMap(line -> List.of(line, new Line(line.id() + "-echo", line.ts(), line.text().toUpperCase())))
                .withEventTime(Line::ts)
                .withWatermark(Duration.ZERO)
                .dropDuplicates(Line::id, Duration.ofMinutes(1))
                .filter(line -> !line.text().startsWith("skip"))                               // after dedup
                .flatMap(line -> {
                    List<Word> words = new ArrayList<>();
                    for (String word : line.text().split(" ")) {
                        words.add(new Word(word, line.ts()));
                    }
                    return words;
                })
                .map(word -> new Word(word.word().toLowerCase(), word.ts()))
                .keyBy(Word::word, WORDS)
                .window(TumblingWindows.of(Duration.ofSeconds(10)))
                .aggregate(Aggregates.count())
                .writeLines(window -> window.key() + "@" + (window.windowStart() - BASE) + "=" + window.value());
    }

    @Test
    void stepsRunBeforeAndAfterTheChecksAndTheCountersAddUp() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(job(), 2, dir)) {
            driver.set(StreamJob.SHUFFLE_PARTITIONS_SETTING, "3");
            driver.send(0, null, "a,1000,the cat");      // and its echo "THE CAT": 4 words
            driver.send(1, null, "b,2000,a cat");        // 4 words
            driver.send(0, null, "a,3000,again");        // a duplicate of a, its echo of a's echo
            driver.send(1, null, "c,4000,");             // filtered before event time
            driver.send(0, null, "d,5000,skip me");      // filtered after dedup; its echo "SKIP ME" is not
            driver.send(1, null, "broken");              // malformed
            Map<String, Long> totals = new TreeMap<>();
            BatchListener sum = (plan, commit, timings) -> commit.properties().forEach((name, value) -> {
                if (name.startsWith("records_")) {
                    totals.merge(name, Long.parseLong(value), Long::sum);
                }
            });
            driver.run(new Trigger.Once(), sum);
            driver.send(0, null, "e,20000,end");         // moves the watermark past the first window
            driver.run(new Trigger.AvailableNow(), sum);

            assertEquals(List.of("a@0=2", "cat@0=4", "me@0=1", "skip@0=1", "the@0=2"),
                    driver.rows().stream().sorted().toList());
            assertEquals(7, totals.get("records_in"));
            assertEquals(1, totals.get("records_malformed"));
            assertEquals(2, totals.get("records_filtered"));
            assertEquals(2, totals.get("records_duplicate"));
            assertEquals(12, totals.get("records_accepted"), "words");
            assertEquals(10, totals.get("records_expanded"), "5 echoes and 5 second words");
            assertEquals(totals.get("records_in") + totals.get("records_expanded"), totals.get("records_malformed")
                    + totals.get("records_filtered") + totals.get("records_late") + totals.get("records_duplicate")
                    + totals.get("records_accepted"));
            assertEquals(totals.get("records_accepted"), totals.get("records_shuffled_in"));
        }
    }

    @Test
    void aCheckpointWithStateAfterTheShuffleRefusesAnotherShuffleCount() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(job(), 2, dir)) {
            driver.set(StreamJob.SHUFFLE_PARTITIONS_SETTING, "3");
            driver.send(0, null, "a,1000,one");
            driver.runOnce();
            driver.set(StreamJob.SHUFFLE_PARTITIONS_SETTING, "4");
            driver.send(0, null, "b,2000,two");
            IOException refused = assertThrows(IOException.class, driver::runOnce);
            assertEquals("the job's shuffle has 4 partitions (spindle.job.shuffle-partitions), but the checkpoint's"
                    + " state after the shuffle is in 3; rescaling state is not supported yet, so the job stops (set it"
                    + " back to 3, or use a new checkpoint directory)", refused.getMessage());
            driver.set(StreamJob.SHUFFLE_PARTITIONS_SETTING, "3");
            driver.runOnce();
        }
    }
}
