package dev.spindle.runtime.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index against a sorted map over random puts, deletes and drops of emitted windows (enough
 * to wrap probe runs around the table and to shift entries back over many deletes): every entry
 * is found with its value,
 * range scans and last keys agree with the map (ends negative and extreme, texts sharing long
 * prefixes, of every length), and what each write-out hands over keeps a model of RocksDB's
 * window keyspace equal to the index.
 */
class WindowIndexTest {
    private static final long[] ENDS = {Long.MIN_VALUE, -20_000, -10_000, 0, 10_000, 20_000, 30_000, Long.MAX_VALUE};
    private static final String[] TEXTS = {"", "u", "u1", "u10", "user-with-a-long-name-1", "user-with-a-long-name-2",
        "user-with-a-long-name", "é", "\u0000", "zzzzzzzzz"};

    @Test
    void entriesScansAndWriteOutsMatchASortedMapOverRandomChanges() {
        Random random = new Random(5);
        WindowIndex index = new WindowIndex();
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        TreeMap<byte[], byte[]> rocksDb = new TreeMap<>(Arrays::compareUnsigned); // what the write-outs put there
        int largest = 0;
        for (int step = 0; step < 20_000; step++) {
            byte[] key = randomKey(random);
            if (step % 1500 == 1499) { // windows emitted: the mark drops them
                long end = ENDS[random.nextInt(ENDS.length)];
                index.dropThrough(end);
                model.keySet().removeIf(k -> StateKeys.timeOf(k) <= end);
            } else if (random.nextInt(3) > 0) {
                byte[] value = {(byte) step, (byte) (step >> 8)};
                index.put(key, value, false);
                model.put(key, value);
            } else {
                index.delete(key);
                model.remove(key);
            }
            largest = Math.max(largest, index.size());
            if (step % 97 == 0) {
                assertEquals(model.size(), index.size());
                for (Map.Entry<byte[], byte[]> entry : model.entrySet()) {
                    assertArrayEquals(entry.getValue(), index.get(entry.getKey()));
                }
                byte[] from = randomBound(random);
                byte[] to = randomBound(random);
                if (Arrays.compareUnsigned(from, to) > 0) {
                    byte[] swap = from;
                    from = to;
                    to = swap;
                }
                Map<byte[], byte[]> expected = model.subMap(from, true, to, false);
                List<byte[]> scanned = new ArrayList<>();
                index.scan(from, to, (k, v) -> {
                    assertArrayEquals(expected.get(k), v);
                    scanned.add(k);
                });
                assertEquals(List.copyOf(expected.keySet()), scanned, "the scan's keys, in order");
                byte[] last = index.lastKey(from, to);
                assertArrayEquals(expected.isEmpty() ? null : model.subMap(from, true, to, false).lastKey(), last);
            }
            if (step % 1000 == 0) {
                index.written(new WindowIndex.WriteOut() {
                    @Override
                    public void put(byte[] k, byte[] v) {
                        rocksDb.put(k, v);
                    }

                    @Override
                    public void delete(byte[] k) {
                        assertNotNull(rocksDb.remove(k), "a delete of a key written before");
                    }
                });
                List<String> extra = rocksDb.keySet().stream().filter(k -> !model.containsKey(k))
                        .map(Arrays::toString).toList();
                List<String> missing = model.keySet().stream().filter(k -> !rocksDb.containsKey(k))
                        .map(Arrays::toString).toList();
                assertEquals(List.of(), extra, "keys RocksDB holds after a write-out that the index does not");
                assertEquals(List.of(), missing, "keys the index holds that RocksDB lacks after a write-out");
                rocksDb.forEach((k, v) -> assertArrayEquals(model.get(k), v));
            }
        }
        assertTrue(largest > 1000, "the test reaches a table that grew: " + largest);
    }

    @Test
    void aWrittenKeyDeletedAndPutAgainIsPutNotDeletedAtTheWriteOut() {
        WindowIndex index = new WindowIndex();
        byte[] key = StateKeys.window(10_000, "a");
        index.put(key, new byte[] {1}, true); // in RocksDB
        index.delete(key);
        index.put(key, new byte[] {2}, false);
        assertEquals(List.of("put a=2"), writeOut(index));
    }

    @Test
    void aWrittenKeyReplacedAndThenDeletedIsDeletedAtTheWriteOut() {
        WindowIndex index = new WindowIndex();
        byte[] key = StateKeys.window(10_000, "a");
        index.put(key, new byte[] {1}, true); // in RocksDB
        index.put(key, new byte[] {2}, false);
        index.delete(key);
        assertEquals(List.of("delete a"), writeOut(index));
    }

    @Test
    void aDeadWindowRocksDbHoldsIsDeletedAtTheWriteOut() {
        WindowIndex index = new WindowIndex();
        byte[] dead = StateKeys.window(10_000, "emitted");
        index.deadInRocksDb(dead); // a replayed changelog put it; a later batch's mark emitted it
        index.put(StateKeys.window(20_000, "open"), new byte[] {1}, true);
        assertEquals(List.of("delete emitted"), writeOut(index));
    }

    /** What a write-out hands over, as {@code put TEXT=FIRST_VALUE_BYTE} and {@code delete TEXT}. */
    private static List<String> writeOut(WindowIndex index) {
        List<String> handed = new ArrayList<>();
        index.written(new WindowIndex.WriteOut() {
            @Override
            public void put(byte[] key, byte[] value) {
                handed.add("put " + StateKeys.textOf(key) + "=" + value[0]);
            }

            @Override
            public void delete(byte[] key) {
                handed.add("delete " + StateKeys.textOf(key));
            }
        });
        return handed;
    }

    private static byte[] randomKey(Random random) {
        String text = random.nextInt(4) == 0 ? TEXTS[random.nextInt(TEXTS.length)] : "u" + random.nextInt(600);
        return StateKeys.window(ENDS[random.nextInt(ENDS.length)], text);
    }

    private static byte[] randomBound(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> StateKeys.start(StateKeys.WINDOW);
            case 1 -> StateKeys.start((byte) (StateKeys.WINDOW + 1));
            case 2 -> StateKeys.after(StateKeys.WINDOW, ENDS[random.nextInt(ENDS.length)]);
            default -> randomKey(random);
        };
    }
}
