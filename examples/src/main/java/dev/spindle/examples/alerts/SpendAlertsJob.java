package dev.spindle.examples.alerts;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.examples.clickstream.Click;
import dev.spindle.examples.clickstream.ClickInputKey;
import dev.spindle.examples.clickstream.ClickstreamJob;

/**
 * {@code spend-alerts}: the clickstream input, parsed, late-checked and deduplicated as
 * {@code clickstream} does, then per user an alert row when their spend in the last minute of
 * event time passes 1000, and another when it has fallen back ({@link SpendAlerts}) — written only
 * with the keyed-state API: a list of recent spends, an open flag, and event-time timers.
 */
public final class SpendAlertsJob implements JobFactory {
    public static final String NAME = "spend-alerts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StreamJob create() {
        return ClickstreamJob.acceptedClicks(NAME)
                .keyByPartitionKey(Click::user)
                .process(new SpendAlerts(), SpendAlerts.RECENT, SpendAlerts.OPEN)
                .writeLines(row -> row);
    }

    /** Lines are keyed by their {@code user}, as for {@code clickstream} ({@link ClickInputKey}). */
    @Override
    public byte[] inputKey(byte[] line) {
        return ClickInputKey.of(line);
    }
}
