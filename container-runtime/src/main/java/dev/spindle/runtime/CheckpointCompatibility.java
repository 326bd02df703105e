package dev.spindle.runtime;

import dev.spindle.api.job.StreamJob;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.CheckpointMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Whether a checkpoint may be used by a job: written by it, with the same topology (or new). */
public final class CheckpointCompatibility {
    private CheckpointCompatibility() {}

    /**
     * Records the job in a new checkpoint's metadata, or checks the metadata of an existing one.
     *
     * @return the checkpoint's metadata (its {@code jobId} names this checkpoint for good)
     * @throws IncompatibleCheckpointException when another job, or another topology of this job, wrote it
     */
    public static CheckpointMetadata check(Checkpoint checkpoint, StreamJob job) throws IOException {
        CheckpointMetadata mine = new CheckpointMetadata(job.name(), UUID.randomUUID().toString(),
                fingerprint(job.topology()), System.currentTimeMillis());
        CheckpointMetadata found = mine.writeIfAbsent(checkpoint);
        if (!found.jobName().equals(job.name())) {
            throw new IncompatibleCheckpointException("checkpoint " + checkpoint.fs().root() + " belongs to job '"
                    + found.jobName() + "', not '" + job.name() + "'");
        }
        if (!found.topologyFingerprint().equals(mine.topologyFingerprint())) {
            throw new IncompatibleCheckpointException("checkpoint " + checkpoint.fs().root() + " was written by job '"
                    + job.name() + "' with another topology; its state cannot be reused (start a new checkpoint)");
        }
        return found;
    }

    public static String fingerprint(String topology) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(topology.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
