package dev.spindle.examples.alerts;

import dev.spindle.api.Codec;
import dev.spindle.api.process.KeyContext;
import dev.spindle.api.process.KeyedProcessFunction;
import dev.spindle.api.process.StateSpec;
import dev.spindle.api.process.TimeDomain;
import dev.spindle.api.process.Timer;
import dev.spindle.api.window.Aggregates;
import dev.spindle.examples.clickstream.Click;
import dev.spindle.examples.clickstream.json.JsonStrings;
import java.io.DataInput;
import java.io.DataOutput;
import java.math.BigDecimal;
import java.util.List;

/**
 * Per user: an alert opens when the user's spend in the last minute of event time passes the
 * threshold, and clears when the spend has fallen back to it or below.
 *
 * <p>A user's spend at time {@code t} is the sum of the amounts of their accepted clicks with
 * {@code t − 60 s < ts ≤ t}. When a click arrives and the spend at its {@code ts} is above
 * {@link #THRESHOLD} while no alert is open, the alert opens. Each click sets an event-time timer
 * at {@code ts + 60 s}, when it leaves the minute: then the clicks that left are dropped, and an
 * open alert clears if the spend at the timer's time is at the threshold or below.
 */
final class SpendAlerts implements KeyedProcessFunction<Click, String> {
    static final BigDecimal THRESHOLD = new BigDecimal("1000");
    static final long MINUTE = 60_000;

    /** The user's clicks still inside some minute a timer will look at. */
    static final StateSpec.ListOf<Spend> RECENT = StateSpec.list("recent", Spend.CODEC);
    /** Whether an alert is open: present (true) or absent. */
    static final StateSpec.Value<Boolean> OPEN = StateSpec.value("open", new Codec<>() {
        @Override
        public void write(Boolean value, DataOutput out) {}

        @Override
        public Boolean read(DataInput in) {
            return Boolean.TRUE;
        }
    });

    @Override
    public void onValue(Click click, long eventTime, KeyContext<String> context) {
        KeyContext.ListState<Spend> recent = context.state(RECENT);
        recent.add(new Spend(click.ts(), click.amount()));
        context.setTimer(TimeDomain.EVENT_TIME, click.ts() + MINUTE);
        BigDecimal spend = spendAt(recent.get(), click.ts());
        if (spend.compareTo(THRESHOLD) > 0 && context.state(OPEN).get() == null) {
            context.state(OPEN).set(Boolean.TRUE);
            context.emit(row(context.key(), "open", click.ts(), spend));
        }
    }

    @Override
    public void onTimer(Timer timer, KeyContext<String> context) {
        KeyContext.ListState<Spend> recent = context.state(RECENT);
        List<Spend> left = recent.get();
        left.removeIf(spend -> spend.ts() <= timer.time() - MINUTE);
        recent.set(left);
        BigDecimal spend = spendAt(left, timer.time());
        if (context.state(OPEN).get() != null && spend.compareTo(THRESHOLD) <= 0) {
            context.state(OPEN).clear();
            context.emit(row(context.key(), "cleared", timer.time(), spend));
        }
    }

    /** The sum of the amounts with {@code t − 60 s < ts ≤ t}. */
    static BigDecimal spendAt(List<Spend> spends, long t) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Spend spend : spends) {
            if (spend.ts() > t - MINUTE && spend.ts() <= t) {
                sum = sum.add(spend.amount());
            }
        }
        return sum;
    }

    /** {@code {"user":"u1","alert":"open","at":1767225601234,"spend":1234.5}} */
    static String row(String user, String alert, long at, BigDecimal spend) {
        StringBuilder row = new StringBuilder(96).append("{\"user\":");
        JsonStrings.appendQuoted(row, user);
        return row.append(",\"alert\":\"").append(alert).append("\",\"at\":").append(at)
                .append(",\"spend\":").append(Aggregates.plainDecimal(spend)).append('}').toString();
    }
}
