package dev.spindle.state.log;

import dev.spindle.state.io.CheckpointFs;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code offsets/<b>}: the plan of every batch, written before the batch runs (write-once, I1).
 * The latest plan without a commit is the batch to (re)run after a failure.
 */
public final class OffsetLog {
    static final String DIR = "offsets";
    private final WriteOnceLog<BatchPlan> log;

    public OffsetLog(CheckpointFs fs) {
        this.log = new WriteOnceLog<>(fs, DIR, "offsets", new WriteOnceLog.Codec<>(BatchPlan::batch, BatchPlan::epoch,
                BatchPlan::toJsonBytes, BatchPlan::fromJsonBytes));
    }

    /**
     * Writes the plan of its batch unless one exists.
     *
     * @return the plan now at that position: this one, or the one another leader wrote first
     */
    public BatchPlan add(BatchPlan plan) throws IOException {
        return log.add(plan);
    }

    public Optional<BatchPlan> get(long batch) throws IOException {
        return log.get(batch);
    }

    public OptionalLong latestBatch() throws IOException {
        return log.latestBatch();
    }

    public List<Long> batches() throws IOException {
        return log.batches();
    }

    public static String pathOf(long batch) {
        return DIR + "/" + batch;
    }

    /** Forgets the cached entry of a position that garbage collection deleted. */
    public void forget(long batch) {
        log.forget(batch);
    }

    /** How many verified plans are held in memory. */
    int cachedEntries() {
        return log.cachedEntries();
    }
}
