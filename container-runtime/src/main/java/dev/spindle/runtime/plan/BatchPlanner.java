package dev.spindle.runtime.plan;

import dev.spindle.runtime.source.OffsetsGoneException;
import dev.spindle.runtime.source.OnDataLoss;
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
 *
 * <p>Before it plans a batch, or a stored plan is run again, it checks that the input is still
 * the one the checkpoint's plans read: the same topic (by name and by id, which Kafka changes
 * when a topic is deleted and created again), the same partition count, and every offset still
 * to read still in Kafka (unless {@link OnDataLoss#SKIP}: then the tasks skip what is gone).
 */
public final class BatchPlanner {
    private final PartitionSource source;
    private final String topic;
    private final long maxRecordsPerBatch;
    private final long watermarkDelayMillis;
    private final String topology;
    private final int shufflePartitions;
    private final OnDataLoss onDataLoss;
    private final Clock clock;

    /**
     * @param shufflePartitions for a job that shuffles, its task count after the shuffle (-1: as
     *     many as the input has partitions); 0 for a job without a shuffle
     */
    public BatchPlanner(PartitionSource source, String topic, long maxRecordsPerBatch, long watermarkDelayMillis,
            String topology, int shufflePartitions, OnDataLoss onDataLoss, Clock clock) {
        this.source = source;
        this.topic = topic;
        this.maxRecordsPerBatch = maxRecordsPerBatch;
        this.watermarkDelayMillis = watermarkDelayMillis;
        this.topology = topology;
        this.shufflePartitions = shufflePartitions;
        this.onDataLoss = onDataLoss;
        this.clock = clock;
    }

    /** A planner for a job without a shuffle. */
    public BatchPlanner(PartitionSource source, String topic, long maxRecordsPerBatch, long watermarkDelayMillis,
            String topology, OnDataLoss onDataLoss, Clock clock) {
        this(source, topic, maxRecordsPerBatch, watermarkDelayMillis, topology, 0, onDataLoss, clock);
    }

    /**
     * @param previous the plan of the previous (committed) batch, or null for the first batch
     * @param maxEventTime the largest event time accepted in all committed batches, or null
     * @param targets where this run reads up to: fixed for an available-now run, null to take the
     *     current end offsets
     * @param tables the static tables' versions to pin in the plan
     * @return the plan of batch {@code batch}, or empty when no batch should run now
     * @throws InputChangedException when the input is not the one {@code previous} read, or
     *     offsets it left to read are gone (and {@link OnDataLoss#FAIL})
     */
    public Optional<PlannedBatch> next(long batch, PlannedBatch previous, Long maxEventTime, String trigger,
            String runId, SortedMap<Integer, Long> targets, SortedMap<String, TableVersion> tables) throws IOException {
        String topicId = source.topicId();
        int partitions = source.partitionCount();
        SortedMap<Integer, Long> starts;
        if (previous == null) {
            starts = source.earliestOffsets();
        } else {
            checkSameInput(previous, topicId, partitions, "read");
            checkSameShuffle(previous, shuffleCount(partitions));
            starts = previous.ends();
            checkNothingGone(batch, starts);
        }
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
        return Optional.of(new PlannedBatch(batch, trigger, runId, batchTime, watermark, topic, topicId, partitions,
                starts, ends, until, topology, tables, shuffleCount(partitions)));
    }

    /**
     * Checks a stored plan before it runs again (it was planned before a crash): the input must
     * still be the one it was planned on, with its ranges still in Kafka.
     *
     * @throws InputChangedException naming what changed and what to do
     */
    public void checkStillReadable(PlannedBatch stored) throws IOException {
        checkSameInput(stored, source.topicId(), source.partitionCount(), "planned");
        checkNothingGone(stored.batch(), stored.starts());
    }

    private void checkSameInput(PlannedBatch plan, String topicId, int partitions, String verb)
            throws InputChangedException {
        if (!plan.topic().equals(topic)) {
            throw new InputChangedException("this run reads topic '" + topic + "', but the checkpoint's batches "
                    + verb + " '" + plan.topic() + "'; its offsets mean nothing in another topic, so the job stops"
                    + " (use a new checkpoint directory for another topic)");
        }
        if (plan.topicId() != null && !plan.topicId().equals(topicId)) {
            throw new InputChangedException("input topic '" + topic + "' was deleted and created again (its id is "
                    + topicId + ", the checkpoint's batches " + verb + " " + plan.topicId() + "); the checkpoint's offsets"
                    + " mean nothing in the new topic, so the job stops (use a new checkpoint directory to read it)");
        }
        if (partitions != plan.partitionCount()) {
            throw new InputChangedException("input topic '" + topic + "' has " + partitions
                    + " partitions, but the checkpoint's batches " + verb + " " + plan.partitionCount()
                    + "; Spindle cannot move keyed state between partitions, so the job stops (use a new checkpoint"
                    + " directory for the new partitioning)");
        }
    }

    private int shuffleCount(int inputPartitions) {
        return shufflePartitions < 0 ? inputPartitions : shufflePartitions;
    }

    /** Keyed state after a shuffle lives in its tasks: their count cannot change under a checkpoint. */
    private static void checkSameShuffle(PlannedBatch previous, int shuffle) throws InputChangedException {
        if (previous.shufflePartitions() != shuffle && previous.shufflePartitions() > 0 && shuffle > 0) {
            throw new InputChangedException("the job's shuffle has " + shuffle + " partitions ("
                    + dev.spindle.api.job.StreamJob.SHUFFLE_PARTITIONS_SETTING + "), but the checkpoint's state after"
                    + " the shuffle is in " + previous.shufflePartitions() + "; rescaling state is not supported yet, so"
                    + " the job stops (set it back to " + previous.shufflePartitions()
                    + ", or use a new checkpoint directory)");
        }
    }

    /** Fails, unless lost offsets are to be skipped, when a partition no longer holds {@code starts}. */
    private void checkNothingGone(long batch, SortedMap<Integer, Long> starts) throws IOException {
        if (onDataLoss == OnDataLoss.SKIP) {
            return; // the tasks skip what is gone, and count it
        }
        SortedMap<Integer, Long> earliest = source.earliestOffsets();
        for (var start : starts.entrySet()) {
            long logStart = earliest.getOrDefault(start.getKey(), 0L);
            if (logStart > start.getValue()) {
                throw new InputChangedException("batch " + batch + ": " + new OffsetsGoneException(topic, start.getKey(),
                        start.getValue(), logStart).getMessage());
            }
        }
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
