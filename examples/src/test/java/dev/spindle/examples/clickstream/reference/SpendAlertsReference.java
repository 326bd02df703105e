package dev.spindle.examples.clickstream.reference;

import dev.spindle.examples.clickstream.Click;
import dev.spindle.examples.clickstream.json.JsonStrings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code spend-alerts}, by brute force from its description alone: per user, every accepted click
 * in arrival order; an alert opens when a click arrives and the user's spend over
 * {@code (ts − 60 s, ts]} is above 1000 while none is open; each click's minute ends at
 * {@code ts + 60 s}, and once the watermark has reached that time (at the start of a batch, before
 * the batch's clicks) an open alert clears if the spend over {@code (time − 60 s, time]} is 1000 or
 * below.
 */
final class SpendAlertsReference implements ReferenceRows {
    private static final BigDecimal THRESHOLD = new BigDecimal("1000");
    private static final long MINUTE = 60_000;

    private static final class User {
        final List<Click> clicks = new ArrayList<>();
        final TreeSet<Long> minuteEnds = new TreeSet<>();
        boolean open;
    }

    private final Map<String, User> users = new HashMap<>();
    private final List<String> rows = new ArrayList<>();

    @Override
    public void accept(Click click) {
        User user = users.computeIfAbsent(click.user(), u -> new User());
        user.clicks.add(click);
        user.minuteEnds.add(click.ts() + MINUTE);
        BigDecimal spend = spend(user, click.ts());
        if (spend.compareTo(THRESHOLD) > 0 && !user.open) {
            user.open = true;
            rows.add(row(click.user(), "open", click.ts(), spend));
        }
    }

    @Override
    public List<String> emitClosed(long watermark) {
        List<String> closed = new ArrayList<>();
        users.forEach((name, user) -> {
            while (!user.minuteEnds.isEmpty() && ReferenceState.reaches(watermark, user.minuteEnds.first())) {
                long end = user.minuteEnds.pollFirst();
                BigDecimal spend = spend(user, end);
                if (user.open && spend.compareTo(THRESHOLD) <= 0) {
                    user.open = false;
                    closed.add(row(name, "cleared", end, spend));
                }
            }
        });
        return closed;
    }

    @Override
    public List<String> rowsOfAccepted() {
        List<String> made = new ArrayList<>(rows);
        rows.clear();
        return made;
    }

    private static BigDecimal spend(User user, long t) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Click click : user.clicks) {
            if (click.ts() > t - MINUTE && click.ts() <= t) {
                sum = sum.add(click.amount());
            }
        }
        return sum;
    }

    private static String row(String user, String alert, long at, BigDecimal spend) {
        StringBuilder row = new StringBuilder("{\"user\":");
        JsonStrings.appendQuoted(row, user);
        return row.append(",\"alert\":\"").append(alert).append("\",\"at\":").append(at).append(",\"spend\":")
                .append(spend.signum() == 0 ? "0" : spend.stripTrailingZeros().toPlainString()).append('}').toString();
    }
}
