package dev.spindle.state.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a commit records for one task: the accepted attempt, its state changelog (null when the
 * batch changed no state), the snapshot it names (null when none finished), its staged output,
 * engine properties (such as the largest accepted event time), and for a task that feeds a
 * shuffle the attempt's shuffle file (null otherwise), which the next stage read and a fallback
 * re-execution of that stage reads again.
 */
public record TaskCommit(String attempt, FileRef changelog, SnapshotRef snapshot, List<OutputFile> outputs,
        Map<String, String> properties, FileRef shuffle) {

    public TaskCommit {
        outputs = List.copyOf(outputs);
        properties = Map.copyOf(properties);
    }

    /** The entry of a task that feeds no shuffle. */
    public TaskCommit(String attempt, FileRef changelog, SnapshotRef snapshot, List<OutputFile> outputs,
            Map<String, String> properties) {
        this(attempt, changelog, snapshot, outputs, properties, null);
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("attempt", attempt);
        if (changelog == null) {
            node.putNull("changelog");
        } else {
            node.set("changelog", changelog.toJson());
        }
        if (snapshot == null) {
            node.putNull("snapshot");
        } else {
            node.set("snapshot", snapshot.toJson());
        }
        ArrayNode files = node.putArray("outputs");
        outputs.forEach(output -> files.add(output.toJson()));
        node.set("properties", Json.stringMap(properties));
        if (shuffle != null) {
            node.set("shuffle", shuffle.toJson());
        }
        return node;
    }

    static TaskCommit fromJson(JsonNode node, String file) throws CorruptFileException {
        JsonNode changelog = Json.optionalObject(node, "changelog", file);
        JsonNode snapshot = Json.optionalObject(node, "snapshot", file);
        JsonNode shuffle = Json.optionalObject(node, "shuffle", file);
        List<OutputFile> outputs = new ArrayList<>();
        for (JsonNode output : Json.requireArray(node, "outputs", file)) {
            outputs.add(OutputFile.fromJson(output, file));
        }
        return new TaskCommit(Json.requireText(node, "attempt", file),
                changelog == null ? null : FileRef.fromJson(changelog, file),
                snapshot == null ? null : SnapshotRef.fromJson(snapshot, file),
                outputs, Json.readStringMap(node, "properties", file),
                shuffle == null ? null : FileRef.fromJson(shuffle, file));
    }
}
