package dev.spindle.state.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.state.changelog.StateChange;
import dev.spindle.state.rocksdb.StateIterator;
import dev.spindle.state.rocksdb.TaskStateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The expected state of a task: a map of keys to values, with the change history per batch, so
 * that the state as of any batch can be rebuilt and compared with a restored RocksDB.
 */
public final class KeyValueModel {
    private final Map<Long, List<StateChange>> history = new HashMap<>();

    public static byte[] key(int index) {
        return String.format("k%09d", index).getBytes(StandardCharsets.US_ASCII);
    }

    /** Random puts of fresh values (and, with probability {@code deleteShare}, deletes) of distinct keys. */
    public static List<StateChange> randomChanges(Random random, int keySpace, int count, int valueBytes, double deleteShare) {
        TreeMap<Integer, StateChange> changes = new TreeMap<>();
        while (changes.size() < count) {
            int index = random.nextInt(keySpace);
            if (random.nextDouble() < deleteShare) {
                changes.put(index, StateChange.delete(key(index)));
            } else {
                byte[] value = new byte[valueBytes];
                random.nextBytes(value);
                changes.put(index, StateChange.put(key(index), value));
            }
        }
        return new ArrayList<>(changes.values());
    }

    public void record(long batch, List<StateChange> changes) {
        history.put(batch, changes);
    }

    /** The state after {@code batch}: every recorded change of batches 0 to {@code batch}, in order. */
    public Map<String, byte[]> stateAt(long batch) {
        Map<String, byte[]> state = new HashMap<>();
        for (long b = 0; b <= batch; b++) {
            applyBatch(state, b);
        }
        return state;
    }

    /** Applies the recorded changes of {@code batch} to {@code state}. */
    public void applyBatch(Map<String, byte[]> state, long batch) {
        for (StateChange change : history.getOrDefault(batch, List.of())) {
            String key = new String(change.key(), StandardCharsets.US_ASCII);
            if (change.isDelete()) {
                state.remove(key);
            } else {
                state.put(key, change.value());
            }
        }
    }

    /** Asserts that the store holds exactly the model's state after {@code batch}. */
    public void assertStoreHolds(TaskStateStore store, long batch) {
        assertStoreHolds(store, batch, stateAt(batch));
    }

    /** Asserts that the store holds exactly {@code expected}, the state after {@code batch}. */
    public static void assertStoreHolds(TaskStateStore store, long batch, Map<String, byte[]> expected) {
        int seen = 0;
        try (StateIterator it = store.scan(null, null)) {
            for (; it.isValid(); it.next()) {
                String key = new String(it.key(), StandardCharsets.US_ASCII);
                byte[] value = expected.get(key);
                if (value == null) {
                    fail("state at batch " + batch + " has unexpected key " + key);
                }
                if (!Arrays.equals(value, it.value())) {
                    fail("state at batch " + batch + " has a wrong value under " + key);
                }
                seen++;
            }
        }
        assertEquals(expected.size(), seen, "keys in the state at batch " + batch);
    }
}
