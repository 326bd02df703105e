package dev.spindle.examples.clickstream;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.job.TimedStream;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.TumblingWindows;
import java.time.Duration;

/**
 * The reference workload {@code clickstream} ({@code shared/spec/clickstream.md}): parse clicks,
 * event time {@code ts} with a 5 s watermark delay, drop duplicates of {@code (user, id)} for 10
 * minutes of event time, and per user and tumbling 10 s window write the count and exact sum of
 * {@code amount}.
 */
public final class ClickstreamJob implements JobFactory {
    public static final String NAME = "clickstream";
    public static final String DEFAULT_TOPIC = "clicks";
    public static final Duration WATERMARK_DELAY = Duration.ofSeconds(5);
    public static final Duration DEDUP_TTL = Duration.ofMinutes(10);
    static final Duration WINDOW = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamJob create() {
        return create(true);
    }

    /**
     * Clickstream without its {@code dropDuplicates} step: not the reference workload (duplicates
     * are counted). Benchmarks run it next to the real job to show what deduplication costs.
     */
    public static StreamJob withoutDeduplication() {
        return new ClickstreamJob().create(false);
    }

    /**
     * What every job on the clickstream input starts with: its clicks parsed, with event time
     * {@code ts}, the 5 s watermark delay and the dedup of {@code (user, id)} for 10 minutes.
     */
    public static TimedStream<Click> acceptedClicks(String job) {
        return clicks(job).dropDuplicates(ClickstreamJob::dedupKey, DEDUP_TTL);
    }

    private static TimedStream<Click> clicks(String job) {
        return StreamJob.named(job)
                .readKafka(DEFAULT_TOPIC)
                .parse(new ClickParser())
                .withEventTime(Click::ts)
                .withWatermark(WATERMARK_DELAY);
    }

    private StreamJob create(boolean deduplicate) {
        TimedStream<Click> clicks = deduplicate ? acceptedClicks(NAME) : clicks(NAME);
        return clicks.keyByPartitionKey(Click::user)
                .window(TumblingWindows.of(WINDOW))
                .aggregate(Aggregates.<Click>countAndSum(Click::amount))
                .writeLines(new ClickstreamRows());
    }

    /**
     * The key of an input-file line: the UTF-8 bytes of its {@code user} when the line is a JSON
     * object without repeated keys whose {@code user} is a non-empty string, else null; see
     * {@link ClickInputKey}. So every valid click of a user lands in one partition.
     */
    @Override
    public byte[] inputKey(byte[] line) {
        return ClickInputKey.of(line);
    }

    /**
     * The pair {@code (user, id)} as one string, {@code <length of user>:<user><id>}: the length
     * prefix makes it injective, whatever characters the two hold.
     */
    public static String dedupKey(Click click) {
        return click.user().length() + ":" + click.user() + click.id();
    }
}
