package dev.spindle.examples.clickstream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes clickstream input (one JSON object per line, as the spec's {@code --input} takes): clicks
 * of {@code users} users a few hundred milliseconds apart, with about 1 % malformed records, 2 %
 * duplicates and 3 % late arrivals. Deterministic for a seed.
 *
 * <pre>java ... ClickstreamGenerator OUT.jsonl EVENTS [SEED] [USERS]</pre>
 */
public final class ClickstreamGenerator {
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private ClickstreamGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ClickstreamGenerator OUT.jsonl EVENTS [SEED] [USERS]");
            System.exit(1);
        }
        long events = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int users = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(Path.of(args[0])),
                StandardCharsets.UTF_8), 1 << 20)) {
            write(out, events, seed, users);
        }
    }

    /** Writes {@code events} lines, each ending in {@code \n}. */
    public static void write(Writer out, long events, long seed, int users) throws IOException {
        Random random = new Random(seed);
        long clock = START;
        String[] recentUsers = new String[1024];
        long[] recentIds = new long[1024];
        for (long i = 0; i < events; i++) {
            clock += random.nextInt(3);
            int dice = random.nextInt(100);
            String user = "u" + random.nextInt(users);
            long id = i;
            if (dice < 2 && i > 0) { // a duplicate: the (user, id) of a recent click
                int recent = (int) ((i - 1 - random.nextInt((int) Math.min(i, recentIds.length))) % recentIds.length);
                user = recentUsers[recent];
                id = recentIds[recent];
            }
            recentUsers[(int) (i % recentUsers.length)] = user;
            recentIds[(int) (i % recentIds.length)] = id;
            long ts = dice >= 2 && dice < 5 ? clock - 6_000 - random.nextInt(60_000) : clock - random.nextInt(2_000);
            String amount = random.nextInt(1000) + "." + random.nextInt(10) + random.nextInt(10);
            if (dice == 99) {
                out.write(malformed(random, user, ts));
            } else {
                out.write("{\"id\":\"e-" + id + "\",\"user\":\"" + user + "\",\"ts\":" + ts + ",\"url\":\"/p/"
                        + random.nextInt(100) + "\",\"amount\":" + amount + "}");
            }
            out.write('\n');
        }
    }

    private static String malformed(Random random, String user, long ts) {
        return switch (random.nextInt(4)) {
            case 0 -> "{\"id\":\"x\",\"user\":\"" + user + "\"";
            case 1 -> "{\"id\":\"x\",\"user\":\"" + user + "\",\"url\":\"/\",\"ts\":" + ts + ",\"amount\":12.505}";
            case 2 -> "{\"id\":\"\",\"user\":\"" + user + "\",\"url\":\"/\",\"ts\":" + ts + ",\"amount\":1}";
            default -> "{\"id\":\"x\",\"user\":\"" + user + "\",\"url\":\"/\",\"ts\":\"" + ts + "\",\"amount\":1}";
        };
    }
}
