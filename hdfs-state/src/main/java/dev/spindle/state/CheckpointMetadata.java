package dev.spindle.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Frame;
import dev.spindle.state.io.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code <checkpoint>/metadata}, written once when a job first uses the checkpoint: which job it
 * belongs to and the fingerprint of its topology, so that a job whose topology changed is
 * refused instead of half-restored, and so that tools can find the job's ZooKeeper znodes.
 */
public record CheckpointMetadata(String jobName, String jobId, String topologyFingerprint, long createdAtMillis) {
    static final String KIND = "metadata";

    /**
     * Writes the metadata unless present.
     *
     * @return the metadata now in the checkpoint: this, or what an earlier run wrote
     */
    public CheckpointMetadata writeIfAbsent(Checkpoint checkpoint) throws IOException {
        ObjectNode node = Json.object();
        node.put("format_version", Frame.VERSION);
        node.put("job_name", jobName);
        node.put("job_id", jobId);
        node.put("topology_fingerprint", topologyFingerprint);
        node.put("created_at", createdAtMillis);
        if (checkpoint.fs().createAtomically(CheckpointLayout.METADATA, Frame.encode(KIND, Json.bytes(node)))) {
            return this;
        }
        return read(checkpoint).orElseThrow(() -> new IOException("metadata vanished from " + checkpoint.fs().root()));
    }

    /** The metadata, or empty for a checkpoint no job has used yet. */
    public static Optional<CheckpointMetadata> read(Checkpoint checkpoint) throws IOException {
        byte[] file = checkpoint.fs().readIfExists(CheckpointLayout.METADATA);
        if (file == null) {
            return Optional.empty();
        }
        String path = CheckpointLayout.METADATA;
        JsonNode node = Json.parse(Frame.decode(KIND, file, path), path);
        if (Json.requireLong(node, "format_version", path) != Frame.VERSION) {
            throw new CorruptFileException(path, "checkpoint format " + node.get("format_version")
                    + " is not supported (this Spindle reads " + Frame.VERSION + ")");
        }
        return Optional.of(new CheckpointMetadata(Json.requireText(node, "job_name", path),
                Json.requireText(node, "job_id", path), Json.requireText(node, "topology_fingerprint", path),
                Json.requireLong(node, "created_at", path)));
    }
}
