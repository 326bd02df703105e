package dev.spindle.state.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;

/** A finished snapshot of a task's state as of batch {@code stateBatch}, found through its manifest. */
public record SnapshotRef(long stateBatch, FileRef manifest) {

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("state_batch", stateBatch);
        node.set("manifest", manifest.toJson());
        return node;
    }

    public static SnapshotRef fromJson(JsonNode node, String file) throws CorruptFileException {
        return new SnapshotRef(Json.requireLong(node, "state_batch", file),
                FileRef.fromJson(Json.requireObject(node, "manifest", file), file));
    }
}
