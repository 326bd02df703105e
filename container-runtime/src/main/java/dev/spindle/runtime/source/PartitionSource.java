package dev.spindle.runtime.source;

import dev.spindle.api.SourceRecord;
import java.io.IOException;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * The input of a job: a topic's partitions with their offsets. The planner asks it where each
 * partition starts and ends; each task reads its partition's planned range through a reader.
 * Implementations: Kafka ({@link KafkaPartitionSource}) and, for tests without a cluster, memory.
 */
public interface PartitionSource extends AutoCloseable {
    /** The topic's partition count now. */
    int partitionCount() throws IOException;

    /**
     * The topic's identity now: it changes when the topic is deleted and created again under the
     * same name (Kafka's topic id), when its old offsets mean nothing any more.
     */
    String topicId() throws IOException;

    /** The first offset of each partition that can still be read. */
    SortedMap<Integer, Long> earliestOffsets() throws IOException;

    /** The offset after the last committed record of each partition (read-committed end offsets). */
    SortedMap<Integer, Long> endOffsets() throws IOException;

    /** A reader of one partition, for one task thread. */
    Reader openReader(int partition) throws IOException;

    /** Reads planned ranges of one partition. */
    interface Reader extends AutoCloseable {
        /**
         * Delivers every committed record with an offset in {@code [start, end)}, in offset order
         * (aborted transactional records and control records are skipped).
         *
         * @throws OffsetsGoneException when the partition no longer holds offsets of the range;
         *     the records before {@link OffsetsGoneException#from()} were delivered
         * @throws IOException when a record of the range cannot be read for another reason
         */
        void read(long start, long end, Consumer<SourceRecord> records) throws IOException;

        @Override
        void close();
    }

    @Override
    void close();
}
