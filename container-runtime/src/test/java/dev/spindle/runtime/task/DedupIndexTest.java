package dev.spindle.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index against a plain map over random committed batches: every unexpired entry is found
 * with its time, dropping expired entries never loses a live one, and what each write-out hands
 * over keeps a model of RocksDB's dedup keyspace equal to the index's live entries.
 */
class DedupIndexTest {
    private static final long TTL = 100;

    @Test
    void liveEntriesAndWriteOutsMatchAModelOverRandomBatches() {
        Random random = new Random(11);
        DedupIndex index = new DedupIndex();
        Map<String, Long> model = new HashMap<>();
        Map<String, Long> rocksDb = new HashMap<>(); // what the write-outs put there
        long watermark = 0;
        for (int batch = 0; batch < 400; batch++) {
            DedupIndex added = new DedupIndex();
            for (int i = random.nextInt(200); i > 0; i--) {
                String name = "k" + random.nextInt(3000);
                byte[] key = key(name);
                long time = watermark + random.nextInt(50);
                if (!added.contains(key, DedupIndex.hash(key))) {
                    added.put(key, DedupIndex.hash(key), time, false);
                    model.put(name, time);
                }
            }
            index.putAll(added, watermark, TTL);
            watermark += random.nextInt(20);
            long now = watermark;
            model.values().removeIf(time -> TaskProcessor.isExpired(time, TTL, now));

            for (Map.Entry<String, Long> entry : model.entrySet()) {
                byte[] key = key(entry.getKey());
                assertTrue(index.contains(key, DedupIndex.hash(key)), "live entry " + entry.getKey());
                assertEquals(entry.getValue(), index.timeAt(index.find(key, DedupIndex.hash(key))));
            }
            if (batch % 25 == 0) {
                index.written(new DedupIndex.WriteOut() {
                    @Override
                    public void put(byte[] key, long time) {
                        rocksDb.put(name(key), time);
                    }

                    @Override
                    public void delete(byte[] key) {
                        assertTrue(rocksDb.remove(name(key)) != null, "a delete of a key written before");
                    }
                });
                Map<String, Long> live = new HashMap<>(rocksDb);
                live.values().removeIf(time -> TaskProcessor.isExpired(time, TTL, now));
                assertEquals(model, live, "RocksDB's unexpired entries after a write-out");
                Set<String> indexed = new HashSet<>();
                index.forEach((key, time) -> indexed.add(name(key)));
                assertTrue(indexed.containsAll(rocksDb.keySet()), "RocksDB holds no entry the index forgot");
            }
        }
    }

    @Test
    void anEntryAddedAgainAfterItWasDroppedIsPutNotDeletedAtTheWriteOut() {
        DedupIndex index = new DedupIndex();
        byte[] key = key("a");
        index.put(key, DedupIndex.hash(key), 0, true); // in RocksDB
        DedupIndex filler = new DedupIndex();
        for (int i = 0; i < 2000; i++) { // enough to make putAll drop the expired entry
            filler.put(key("f" + i), DedupIndex.hash(key("f" + i)), 1000, false);
        }
        index.putAll(filler, 500L, TTL);
        assertFalse(index.contains(key, DedupIndex.hash(key)));
        DedupIndex again = new DedupIndex();
        again.put(key, DedupIndex.hash(key), 600, false);
        index.putAll(again, 600L, TTL);

        Map<String, Long> puts = new HashMap<>();
        Set<String> deletes = new HashSet<>();
        index.written(new DedupIndex.WriteOut() {
            @Override
            public void put(byte[] k, long time) {
                puts.put(name(k), time);
            }

            @Override
            public void delete(byte[] k) {
                deletes.add(name(k));
            }
        });
        assertEquals(600L, puts.get("a"));
        assertFalse(deletes.contains("a"));
    }

    private static byte[] key(String name) {
        return StateKeys.dedup(name);
    }

    private static String name(byte[] key) {
        return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
    }
}
