package dev.spindle.examples.clickstream.reference;

import dev.spindle.examples.clickstream.Click;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code clickstream}: per user and tumbling 10 s window, the count and exact sum of amounts. */
final class ClickstreamWindows implements ReferenceRows {
    static final long WINDOW_SIZE = 10_000;

    /** One (window, user) row in the making. */
    record WindowKey(long windowStart, String user) {}

    /** A window's accepted records so far: their number and exact sum of amounts. */
    static final class WindowTotals {
        long count;
        BigDecimal sum = BigDecimal.ZERO;
    }

    private final TreeMap<WindowKey, WindowTotals> openWindows = new TreeMap<>(
            Comparator.comparingLong(WindowKey::windowStart).thenComparing(WindowKey::user));

    @Override
    public void accept(Click click) {
        long windowStart = click.ts() - Math.floorMod(click.ts(), WINDOW_SIZE);
        WindowTotals totals = openWindows.computeIfAbsent(new WindowKey(windowStart, click.user()), k -> new WindowTotals());
        totals.count++;
        totals.sum = totals.sum.add(click.amount());
    }

    @Override
    public List<String> emitClosed(long watermark) {
        List<String> rows = new ArrayList<>();
        Iterator<Map.Entry<WindowKey, WindowTotals>> windows = openWindows.entrySet().iterator();
        while (windows.hasNext()) {
            Map.Entry<WindowKey, WindowTotals> window = windows.next();
            long windowEnd = window.getKey().windowStart() + WINDOW_SIZE;
            if (ReferenceState.reaches(watermark, windowEnd)) {
                WindowTotals totals = window.getValue();
                rows.add(ReferenceOutput.row(window.getKey().windowStart(), windowEnd, window.getKey().user(),
                        totals.count, totals.sum));
                windows.remove();
            }
        }
        return rows;
    }
}
