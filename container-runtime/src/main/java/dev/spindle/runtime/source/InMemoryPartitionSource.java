package dev.spindle.runtime.source;

import dev.spindle.api.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Partitions held in memory, for tests that need no Kafka: records are appended per partition
 * and get offsets 0, 1, 2, ... Thread-safe.
 */
public final class InMemoryPartitionSource implements PartitionSource {
    private final List<List<SourceRecord>> partitions = new ArrayList<>();
    private final String topicId = java.util.UUID.randomUUID().toString();

    public InMemoryPartitionSource(int partitionCount) {
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new ArrayList<>());
        }
    }

    /** Appends a record to {@code partition}; returns its offset. */
    public synchronized long append(int partition, byte[] key, byte[] value, long timestampMillis) {
        List<SourceRecord> records = partitions.get(partition);
        long offset = records.size();
        records.add(new SourceRecord(partition, offset, key, value, timestampMillis));
        return offset;
    }

    /** Adds partitions, as {@code kafka-topics --alter --partitions} would. */
    public synchronized void addPartitions(int count) {
        for (int i = 0; i < count; i++) {
            partitions.add(new ArrayList<>());
        }
    }

    @Override
    public synchronized int partitionCount() {
        return partitions.size();
    }

    @Override
    public String topicId() {
        return topicId;
    }

    @Override
    public synchronized SortedMap<Integer, Long> earliestOffsets() {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        for (int p = 0; p < partitions.size(); p++) {
            offsets.put(p, 0L);
        }
        return offsets;
    }

    @Override
    public synchronized SortedMap<Integer, Long> endOffsets() {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        for (int p = 0; p < partitions.size(); p++) {
            offsets.put(p, (long) partitions.get(p).size());
        }
        return offsets;
    }

    @Override
    public Reader openReader(int partition) {
        return new Reader() {
            @Override
            public void read(long start, long end, Consumer<SourceRecord> records) {
                List<SourceRecord> range;
                synchronized (InMemoryPartitionSource.this) {
                    range = new ArrayList<>(partitions.get(partition).subList((int) start, (int) end));
                }
                range.forEach(records);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}
}
