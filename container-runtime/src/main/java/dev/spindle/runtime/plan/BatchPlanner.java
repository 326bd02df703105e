package dev.spindle.runtime.plan;

import dev.spindle.runtime.source.PartitionSource;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Plans the next batch (the clickstream spec's rule, which every job follows): each partition
 * starts where the previous batch ended (the first batch of a checkpoint: at the earliest offset),
 * reads toward its target under the rate limit ({@link RateLimit}), at the watermark the previous
 * batches determine. A batch that would neither read a record nor move the watermark is not
 * planned.
 */
public final class BatchPlanner {
    private final PartitionSource source;
    private final String topic;
    private final long maxRecordsPerBatch;
    private final long watermarkDelayMillis;
    private final String topology;
    private final Clock clock;

    public BatchPlanner(PartitionSource source, String topic, long maxRecordsPerBatch, long watermarkDelayMillis,
            String topology, Clock clock) {
        this.source = source;
        this.topic = topic;
        this.maxRecordsPerBatch = maxRecordsPerBatch;
        this.watermarkDelayMillis = watermarkDelayMillis;
        this.topology = topology;
        this.clock = clock;
    }

    /**
     * @param previous the plan of the previous (committed) batch, or null for the first batch
     * @param maxEventTime the largest event time accepted in all committed batches, or null
     * @param targets where this run reads up to: fixed for an available-now run, null to take the
     *     current end offsets
     * @return the plan of batch {@code batch}, or empty when no batch should run now
     * @throws InputChangedException when the topic's partition count changed
     */
    public Optional<PlannedBatch> next(long batch, PlannedBatch previous, Long maxEventTime, String trigger,
            String runId, SortedMap<Integer, Long> targets) throws IOException {
        if (previous != null && !previous.topic().equals(topic)) {
            throw new InputChangedException("this run reads topic '" + topic + "', but the checkpoint's batches read '"
                    + previous.topic() + "'; its offsets mean nothing in another topic, so the job stops");
        }
        int partitions = source.partitionCount();
        if (previous != null && partitions != previous.partitionCount()) {
            throw new InputChangedException("input topic '" + topic + "' has " + partitions
                    + " partitions, but the checkpoint's batches read " + previous.partitionCount()
                    + "; Spindle cannot move keyed state between partitions, so the job stops");
        }
        SortedMap<Integer, Long> starts = previous == null ? source.earliestOffsets() : previous.ends();
        SortedMap<Integer, Long> until = targets != null ? targets : source.endOffsets();
        SortedMap<Integer, Long> ends = RateLimit.ends(starts, until, maxRecordsPerBatch);
        Long watermark = nextWatermark(previous == null ? null : previous.watermark(), maxEventTime,
                watermarkDelayMillis);
        boolean reads = !ends.equals(starts);
        boolean watermarkMoves = watermark != null && (previous == null || previous.watermark() == null
                || watermark > previous.watermark());
        if (!reads && !watermarkMoves) {
            return Optional.empty();
        }
        long batchTime = Math.max(previous == null ? Long.MIN_VALUE : previous.batchTimeMillis() + 1, clock.millis());
        return Optional.of(new PlannedBatch(batch, trigger, runId, batchTime, watermark, topic, partitions, starts,
                ends, until, topology));
    }

    /** {@code max(previous, maxEventTime - delay)}, with null as −∞. */
    public static Long nextWatermark(Long previous, Long maxEventTime, long delay) {
        if (maxEventTime == null) {
            return previous;
        }
        long candidate = maxEventTime - delay;
        return previous == null ? candidate : Math.max(previous, candidate);
    }
}
