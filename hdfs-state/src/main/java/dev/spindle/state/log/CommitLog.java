package dev.spindle.state.log;

import dev.spindle.state.io.CheckpointFs;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code commits/<b>}: the commit point of every batch (write-once, I1). A commit is only
 * written for a batch whose plan exists; the latest commit is what recovery restores.
 */
public final class CommitLog implements CommitHistory {
    static final String DIR = "commits";
    private final WriteOnceLog<BatchCommit> log;
    private final OffsetLog plans;

    public CommitLog(CheckpointFs fs, OffsetLog plans) {
        this.plans = plans;
        this.log = new WriteOnceLog<>(fs, DIR, "commit", new WriteOnceLog.Codec<>(BatchCommit::batch, BatchCommit::epoch,
                BatchCommit::toJsonBytes, BatchCommit::fromJsonBytes));
    }

    /**
     * Writes the commit of its batch unless one exists.
     *
     * @return the commit now at that position: this one, or the one another leader wrote first
     * @throws LogGapException when the batch has no plan
     */
    public BatchCommit add(BatchCommit commit) throws IOException {
        if (plans.get(commit.batch()).isEmpty()) {
            throw new LogGapException(pathOf(commit.batch()) + " cannot be written: "
                    + OffsetLog.pathOf(commit.batch()) + " does not exist");
        }
        return log.add(commit);
    }

    @Override
    public Optional<BatchCommit> get(long batch) throws IOException {
        return log.get(batch);
    }

    public OptionalLong latestBatch() throws IOException {
        return log.latestBatch();
    }

    @Override
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
}
