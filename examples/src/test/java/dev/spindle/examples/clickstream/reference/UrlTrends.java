package dev.spindle.examples.clickstream.reference;

import dev.spindle.examples.clickstream.Click;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code url-trends}, from its contract alone: each accepted click, joined with the users table
 * ({@code --} for a user not in it), counts in the six sliding windows of 60 s every 10 s that hold
 * its {@code ts}, per url; a (window, url) row is emitted once the watermark reaches the window's
 * end. {@code top_country} is the country with the most of the row's records, ties to the smallest
 * by Unicode code points.
 */
final class UrlTrends implements ReferenceRows {
    static final long SIZE = 60_000;
    static final long SLIDE = 10_000;

    /** One (window, url) row in the making. */
    private static final class Totals {
        long count;
        BigDecimal sum = BigDecimal.ZERO;
        final Set<String> users = new HashSet<>();
        final Map<String, Long> countries = new HashMap<>();
    }

    /** Open rows by window start, then url in code point order. */
    private final TreeMap<Long, TreeMap<String, Totals>> open = new TreeMap<>();
    private Map<String, String> users;

    UrlTrends(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    /** The table the next batches join against (a changed file is used from the next planned batch). */
    void useTable(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    @Override
    public void accept(Click click) {
        String country = users.getOrDefault(click.user(), "--");
        long last = click.ts() - Math.floorMod(click.ts(), SLIDE);
        for (int k = 0; k < SIZE / SLIDE; k++) {
            Totals totals = open.computeIfAbsent(last - k * SLIDE, s -> new TreeMap<>(UrlTrends::byCodePoints))
                    .computeIfAbsent(click.url(), u -> new Totals());
            totals.count++;
            totals.sum = totals.sum.add(click.amount());
            totals.users.add(click.user());
            totals.countries.merge(country, 1L, Long::sum);
        }
    }

    @Override
    public List<String> emitClosed(long watermark) {
        List<String> rows = new ArrayList<>();
        Iterator<Map.Entry<Long, TreeMap<String, Totals>>> windows = open.entrySet().iterator();
        while (windows.hasNext()) {
            Map.Entry<Long, TreeMap<String, Totals>> window = windows.next();
            long end = window.getKey() + SIZE;
            if (!ReferenceState.reaches(watermark, end)) {
                break; // ordered by start: no later window has ended either
            }
            window.getValue().forEach((url, totals) -> rows.add(row(window.getKey(), end, url, totals)));
            windows.remove();
        }
        return rows;
    }

    private static String row(long start, long end, String url, Totals totals) {
        String top = null;
        for (Map.Entry<String, Long> country : totals.countries.entrySet()) {
            long count = country.getValue();
            long best = top == null ? -1 : totals.countries.get(top);
            if (count > best || (count == best && byCodePoints(country.getKey(), top) < 0)) {
                top = country.getKey();
            }
        }
        return "{\"window_start\":" + start + ",\"window_end\":" + end + ",\"url\":" + ReferenceOutput.string(url)
                + ",\"count\":" + totals.count + ",\"sum\":" + ReferenceOutput.shortestPlain(totals.sum)
                + ",\"users\":" + totals.users.size() + ",\"countries\":" + totals.countries.size()
                + ",\"top_country\":" + ReferenceOutput.string(top) + "}";
    }

    private static int byCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
