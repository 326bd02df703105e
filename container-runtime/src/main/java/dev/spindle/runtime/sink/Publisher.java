package dev.spindle.runtime.sink;

import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointLayout;
import dev.spindle.state.io.Frame;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;

/**
 * Publishes a committed batch (roll forward): its run's {@link OutputSink} moves the output the
 * commit names to its final place, then {@code sinks/published/<b>} records that the batch is
 * done. Idempotent: safe to run again after a crash at any point.
 */
public final class Publisher {
    private final Checkpoint checkpoint;
    private final OutputSink sink;

    public Publisher(Checkpoint checkpoint, OutputSink sink) {
        this.checkpoint = checkpoint;
        this.sink = sink;
    }

    public boolean isPublished(long batch) throws IOException {
        return checkpoint.fs().exists(CheckpointLayout.published(batch));
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
