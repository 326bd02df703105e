package dev.spindle.runtime.sink;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.Frame;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a committed batch (roll forward): its run's {@link OutputSink} moves the output the
 * commit names to its final place, then {@code sinks/published/<b>} records that the batch is
 * done. Idempotent: safe to run again after a crash at any point.
 */
public final class Publisher {
    private final Checkpoint checkpoint;
    private final OutputSink sink;
    private final AtomicLong rolledForward = new AtomicLong();

    public Publisher(Checkpoint checkpoint, OutputSink sink) {
        this.checkpoint = checkpoint;
        this.sink = sink;
    }

    public boolean isPublished(long batch) throws IOException {
        return checkpoint.fs().exists(CheckpointLayout.published(batch));
    }

    /**
     * Publishes, as a run starts, the newest commit, which the run before may have left unpublished
     * (it stopped between commit and publish); counts it when it had.
     */
    public void rollForward(BatchCommit commit) throws IOException {
        if (!isPublished(commit.batch())) {
            rolledForward.incrementAndGet();
            publish(commit);
        }
    }

    /** Batches {@link #rollForward} published for an earlier run. */
    public long rolledForward() {
        return rolledForward.get();
    }

    /** The sink this publisher writes through. */
    public OutputSink sink() {
        return sink;
    }

    /** @throws IOException naming the file or task the sink could not publish */
    public void publish(BatchCommit commit) throws IOException {
        if (isPublished(commit.batch())) {
            return;
        }
        int files = sink.publish(commit);
        var marker = Json.object();
        marker.put("batch", commit.batch());
        marker.put("files", files);
        checkpoint.fs().createAtomically(CheckpointLayout.published(commit.batch()), Frame.encode("published",
                Json.bytes(marker)));
    }
}
