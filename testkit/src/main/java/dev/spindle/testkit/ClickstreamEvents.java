package dev.spindle.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates clickstream input lines: mostly valid, with malformed, late and duplicate ones mixed in. */
public final class ClickstreamEvents {
    private ClickstreamEvents() {}

    public static List<String> generate(Random random, int count) {
        return generate(random, count, 50);
    }

    /** {@code count} lines over {@code users} users: many users make sparse clicks, and so many sessions. */
    public static List<String> generate(Random random, int count, int users) {
        List<String> lines = new ArrayList<>();
        long base = 1_767_225_600_000L;
        long clock = base;
        for (int i = 0; i < count; i++) {
            clock += random.nextInt(200);
            String user = "u" + random.nextInt(users);
            String id = "e-" + (random.nextInt(10) == 0 && i > 0 ? random.nextInt(i) : i);
            long ts = random.nextInt(20) == 0 ? clock - 8_000 - random.nextInt(10_000) : clock - random.nextInt(3_000);
            String amount = new BigDecimal(random.nextInt(100_000)).movePointLeft(2).toPlainString();
            String line = switch (random.nextInt(40)) {
                case 0 -> "not json at all";
                case 1 -> "{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"url\":\"/p\",\"ts\":1.5,\"amount\":1}";
                case 2 -> "{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"url\":\"/p\",\"ts\":" + ts + ",\"amount\":-1}";
                default -> "{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"url\":\"/p/" + random.nextInt(9)
                        + "\",\"ts\":" + ts + ",\"amount\":" + amount + "}";
            };
            lines.add(line);
        }
        return lines;
    }
}
