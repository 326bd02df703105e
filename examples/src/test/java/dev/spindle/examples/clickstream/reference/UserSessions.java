package dev.spindle.examples.clickstream.reference;

import dev.spindle.examples.clickstream.Click;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code sessions}, computed from scratch at every batch: each user's accepted clicks that are not
 * yet in an emitted session, sorted by {@code ts}, their intervals {@code [ts, ts + 30000)} merged
 * where they overlap; every merged interval whose end the watermark reaches is a session to emit.
 * Shares nothing with the engine's incremental merging.
 */
final class UserSessions implements ReferenceRows {
    static final long GAP = 30_000;

    private final Map<String, List<Click>> openClicks = new TreeMap<>();

    @Override
    public void accept(Click click) {
        openClicks.computeIfAbsent(click.user(), u -> new ArrayList<>()).add(click);
    }

    @Override
    public List<String> emitClosed(long watermark) {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, List<Click>> user : openClicks.entrySet()) {
            List<Click> clicks = user.getValue();
            clicks.sort(Comparator.comparingLong(Click::ts));
            List<Click> kept = new ArrayList<>();
            int first = 0;
            while (first < clicks.size()) {
                int last = first;
                long end = clicks.get(first).ts() + GAP;
                while (last + 1 < clicks.size() && clicks.get(last + 1).ts() < end) { // [ts, ts+gap) overlaps
                    last++;
                    end = Math.max(end, clicks.get(last).ts() + GAP);
                }
                List<Click> session = clicks.subList(first, last + 1);
                if (ReferenceState.reaches(watermark, end)) {
                    rows.add(row(user.getKey(), session, end));
                } else {
                    kept.addAll(session);
                }
                first = last + 1;
            }
            user.setValue(kept);
        }
        openClicks.values().removeIf(List::isEmpty);
        return rows;
    }

    private static String row(String user, List<Click> session, long end) {
        BigDecimal sum = BigDecimal.ZERO;
        Set<String> urls = new HashSet<>();
        for (Click click : session) {
            sum = sum.add(click.amount());
            urls.add(click.url());
        }
        return "{\"user\":" + ReferenceOutput.string(user) + ",\"session_start\":" + session.get(0).ts()
                + ",\"session_end\":" + end + ",\"count\":" + session.size() + ",\"sum\":"
                + ReferenceOutput.shortestPlain(sum) + ",\"urls\":" + urls.size() + "}";
    }
}
