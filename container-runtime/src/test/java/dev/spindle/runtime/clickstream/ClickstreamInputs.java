package dev.spindle.runtime.clickstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random clickstream input, partitioned as the spec's loader would (a user's clicks in one
 * partition): valid clicks with duplicates, late and window-boundary times, and malformed records
 * of every kind, null values included. Users and ids include JSON-escaped lone surrogates next to
 * {@code ?}, the character {@code String.getBytes(UTF_8)} would turn them into.
 */
final class ClickstreamInputs {
    /** User names as JSON string contents. */
    private static final String[] USERS = {"u0", "u1", "u2", "u3", "u4", "?", "\\udc00", "\\ud800"};
    /** Id prefixes as JSON string contents. */
    private static final String[] ID_PREFIXES = {"e", "e", "e", "e", "?", "\\udc00"};
    /** Urls as JSON string contents (sessions count the distinct ones). */
    private static final String[] URLS = {"/p", "/p", "/q", "", "/\\udc00", "/?"};

    private ClickstreamInputs() {}

    static List<List<byte[]>> generate(Random random, int partitions, int count, long baseTime) {
        List<List<byte[]>> input = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            input.add(new ArrayList<>());
        }
        long clock = baseTime;
        for (int i = 0; i < count; i++) {
            clock += random.nextInt(1500);
            int user = random.nextInt(USERS.length);
            String id = ID_PREFIXES[random.nextInt(ID_PREFIXES.length)] + random.nextInt(Math.max(1, i / 2 + 1));
            long ts = switch (random.nextInt(10)) {
                case 0 -> clock - 6_000 - random.nextInt(30_000);          // often late
                case 1 -> (clock / 10_000) * 10_000;                       // on a window boundary
                case 2 -> (clock / 10_000) * 10_000 - 1;                   // just before one
                default -> clock - random.nextInt(4_000);
            };
            String amount = switch (random.nextInt(6)) {
                case 0 -> "12.500";
                case 1 -> "1.25e1";
                case 2 -> "0.05";
                case 3 -> "-0";
                default -> Integer.toString(random.nextInt(1000)) + "." + random.nextInt(100);
            };
            int kind = random.nextInt(25);
            byte[] value = switch (kind) {
                case 0 -> null;
                case 1 -> "{\"id\":\"x\"".getBytes(StandardCharsets.UTF_8);
                case 2 -> click(id, USERS[user], URLS[random.nextInt(URLS.length)], ts, "12.505");
                case 3 -> ("{\"id\":\"" + id + "\",\"user\":\"" + USERS[user] + "\",\"user\":\"v\",\"url\":\"\",\"ts\":1,\"amount\":1}")
                        .getBytes(StandardCharsets.UTF_8);
                case 4 -> new byte[] {(byte) 0xC0, (byte) 0x80};
                default -> click(id, USERS[user], URLS[random.nextInt(URLS.length)], ts, amount);
            };
            int partition = kind == 0 || kind == 1 || kind == 4 ? i % partitions : user % partitions;
            input.get(partition).add(value);
        }
        return input;
    }

    private static byte[] click(String id, String user, String url, long ts, String amount) {
        return ("{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"url\":\"" + url + "\",\"ts\":" + ts + ",\"amount\":" + amount + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
