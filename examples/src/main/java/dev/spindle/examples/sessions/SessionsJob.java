package dev.spindle.examples.sessions;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.Aggregates;
import dev.spindle.api.window.SessionWindows;
import dev.spindle.examples.clickstream.Click;
import dev.spindle.examples.clickstream.ClickInputKey;
import dev.spindle.examples.clickstream.ClickstreamJob;
import java.time.Duration;

/**
 * The reference workload {@code sessions} ({@code shared/spec/url-trends-and-sessions.md}): the
 * clickstream input, parsed, late-checked and deduplicated exactly as {@code clickstream} does, then
 * per user sessions closed by 30 s of event-time inactivity, each written once with its count, exact
 * sum of {@code amount} and number of distinct urls.
 */
public final class SessionsJob implements JobFactory {
    public static final String NAME = "sessions";
    static final Duration GAP = Duration.ofSeconds(30);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamJob create() {
        return ClickstreamJob.acceptedClicks(NAME)
                .keyByPartitionKey(Click::user)
                .window(SessionWindows.withGap(GAP))
                .aggregate(Aggregates.<Click>combine(
                        Aggregates.named("count", Aggregates.count()),
                        Aggregates.named("sum", Aggregates.sum(Click::amount)),
                        Aggregates.named("urls", Aggregates.countDistinct(Click::url))))
                .writeLines(new SessionRows());
    }

    /** Lines are keyed by their {@code user}, as for {@code clickstream} ({@link ClickInputKey}). */
    @Override
    public byte[] inputKey(byte[] line) {
        return ClickInputKey.of(line);
    }
}
