package dev.spindle.runtime.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.Codec;
import dev.spindle.api.ParseResult;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.process.KeyContext;
import dev.spindle.api.process.KeyedProcessFunction;
import dev.spindle.api.process.StateSpec;
import dev.spindle.api.process.TimeDomain;
import dev.spindle.api.process.Timer;
import dev.spindle.runtime.task.StateInspector;
import dev.spindle.runtime.testing.JobTestDriver;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyed-state API batch by batch, each run a restart from the checkpoint: value, list and map
 * state; event-time timers that fire once the watermark passes them, before the batch's values;
 * processing-time timers on the pinned batch time; deleted timers that never fire; TTLs on both
 * clocks; and what {@code StateInspector} shows in between.
 */
class KeyedProcessTest {
    private static final long BASE = 1_767_225_600_000L;
    private static final Codec<Long> LONGS = new Codec<>() {
        @Override
        public void write(Long value, DataOutput out) throws IOException {
            out.writeLong(value);
        }

        @Override
        public Long read(DataInput in) throws IOException {
            return in.readLong();
        }
    };
    private static final Codec<String> STRINGS = new Codec<>() {
        @Override
        public void write(String value, DataOutput out) throws IOException {
            out.writeUTF(value);
        }

        @Override
        public String read(DataInput in) throws IOException {
            return in.readUTF();
        }
    };

    @TempDir
    Path dir;

    /** {@code user,ts,word}: the word says what the function does with the value. */
    record Event(String user, long ts, String word) {}

    static final StateSpec.Value<Long> COUNT = StateSpec.value("count", LONGS).withTtl(Duration.ofSeconds(10),
            TimeDomain.EVENT_TIME);
    static final StateSpec.ListOf<String> WORDS = StateSpec.list("words", STRINGS);
    static final StateSpec.MapOf<Long> FIRST_SEEN = StateSpec.map("first-seen", LONGS);
    static final StateSpec.Value<String> LAST_BATCH = StateSpec.value("last-batch", STRINGS)
            .withTtl(Duration.ofMillis(1), TimeDomain.PROCESSING_TIME);

    /**
     * Per user: counts values (the count expires 10 s of event time after its last value), keeps
     * every word in a list and the first ts of each word in a map; "remind" sets an event-time
     * timer 5 s later, "cancel" deletes the one 1 s later; "now" sets a processing-time timer at the batch time;
     * "batch" remembers a value for 1 ms of batch time (so the next batch has forgotten it).
     */
    static final class Tracker implements KeyedProcessFunction<Event, String> {
        @Override
        public void onValue(Event event, long eventTime, KeyContext<String> context) {
            KeyContext.ValueState<Long> count = context.state(COUNT);
            long n = count.get() == null ? 1 : count.get() + 1;
            count.set(n);
            context.state(WORDS).add(event.word());
            if (context.state(FIRST_SEEN).get(event.word()) == null) {
                context.state(FIRST_SEEN).put(event.word(), event.ts() - BASE);
            }
            String remembered = context.state(LAST_BATCH).get();
            context.state(LAST_BATCH).set(event.word());
            switch (event.word()) {
                case "remind" -> context.setTimer(TimeDomain.EVENT_TIME, event.ts() + 5_000);
                case "cancel" -> context.deleteTimer(TimeDomain.EVENT_TIME, event.ts() + 1_000);
                case "now" -> context.setTimer(TimeDomain.PROCESSING_TIME, context.batchTime());
                default -> { }
            }
            context.emit(context.key() + " value " + (event.ts() - BASE) + " count=" + n + " remembered=" + remembered);
        }

        @Override
        public void onTimer(Timer timer, KeyContext<String> context) {
            long at = timer.domain() == TimeDomain.EVENT_TIME ? timer.time() - BASE : -1;
            context.emit(context.key() + " timer " + timer.domain() + " " + at + " words=" + context.state(WORDS).get()
                    + " first-seen=" + context.state(FIRST_SEEN).entries());
        }
    }

    static StreamJob job() {
        return StreamJob.named("tracker")
                .readKafka("events")
                .parse(record -> {
                    String[] fields = new String(record.value(), StandardCharsets.UTF_8).split(",", -1);
                    return ParseResult.ok(new Event(fields[0], BASE + Long.parseLong(fields[1]), fields[2]));
                })
                .withEventTime(Event::ts)
                .withWatermark(Duration.ZERO)
                .keyByPartitionKey(Event::user)
                .process(new Tracker(), COUNT, WORDS, FIRST_SEEN, LAST_BATCH)
                .writeLines(row -> row);
    }

    @Test
    void stateAndTimersCarryAcrossBatchesAndRestartsAndFireOnTheirClocks() throws Exception {
        try (JobTestDriver driver = JobTestDriver.create(job(), 1, dir)) {
            send(driver, "ann,1000,remind", "ann,2000,b", "bob,1500,cancel-me");
            driver.runOnce(); // batch 0: no watermark yet
            assertEquals(List.of("ann value 1000 count=1 remembered=null", "ann value 2000 count=2 remembered=remind",
                    "bob value 1500 count=1 remembered=null"), driver.rows());
            assertEquals(List.of(new StateInspector.SetTimer(TimeDomain.EVENT_TIME, BASE + 6_000, "ann")),
                    driver.timers(0));
            List<String> states = new ArrayList<>();
            driver.processStates(0).forEach(state -> states.add(state.state() + "/" + state.key()));
            assertEquals(List.of("count/ann", "count/bob", "words/ann", "words/bob", "first-seen/ann", "first-seen/bob",
                    "last-batch/ann", "last-batch/bob"), states);

            // batch 1 (watermark 2000): the timer at 6000 is not due.
            send(driver, "ann,6000,x", "bob,5000,remind", "cat,3000,c");
            driver.runOnce();
            assertEquals(List.of("ann value 6000 count=3 remembered=null", "bob value 5000 count=2 remembered=null",
                    "cat value 3000 count=1 remembered=null"), newRows(driver, 3),
                    "the batch-time TTL of 1 ms forgot last-batch");

            // batch 2 (watermark 6000): ann's timer at 6000 fires before the batch's values; bob deletes his at 10000.
            send(driver, "ann,7000,now", "bob,9000,cancel");
            driver.runOnce();
            assertEquals(List.of("ann timer EVENT_TIME 6000 words=[remind, b, x] first-seen={b=2000, remind=1000, x=6000}",
                    "ann value 7000 count=4 remembered=null", "bob value 9000 count=3 remembered=null",
                    "ann timer PROCESSING_TIME -1 words=[remind, b, x, now] first-seen={b=2000, now=7000, remind=1000, x=6000}"),
                    newRows(driver, 6));
            assertEquals(List.of(), driver.timers(0), "fired and deleted timers are gone");

            // batch 3 (watermark 9000), batch 4 (watermark 30000): ann's count, last written at 7000, expired at 17000.
            send(driver, "bob,30000,later");
            driver.runOnce();
            send(driver, "ann,30001,again");
            driver.runOnce();
            assertEquals(List.of("bob value 30000 count=4 remembered=null", "ann value 30001 count=1 remembered=null"),
                    newRows(driver, 10));
            List<String> left = new ArrayList<>();
            driver.processStates(0).forEach(state -> left.add(state.state() + "/" + state.key()));
            assertTrue(!left.contains("count/cat") && left.contains("words/cat"),
                    "cat's count expired at 13000 and was deleted; its state without a TTL stays: " + left);
        }
    }

    private static List<String> newRows(JobTestDriver driver, int from) throws IOException {
        List<String> rows = driver.rows();
        return rows.subList(from, rows.size());
    }

    private static void send(JobTestDriver driver, String... lines) {
        for (String line : lines) {
            driver.send(0, line.split(",")[0], line);
        }
    }
}
