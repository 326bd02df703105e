package dev.spindle.state.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code commits/<b>}: the commit point of batch {@code b}. Nothing a task wrote for the batch
 * counts until this entry names it.
 */
public record BatchCommit(long batch, long epoch, long committedAtMillis, SortedMap<String, TaskCommit> tasks,
        Map<String, String> properties) {

    public BatchCommit {
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
        properties = Map.copyOf(properties);
    }

    byte[] toJsonBytes() {
        ObjectNode node = Json.object();
        node.put("batch", batch);
        node.put("epoch", epoch);
        node.put("committed_at", committedAtMillis);
        ObjectNode taskNodes = node.putObject("tasks");
        tasks.forEach((task, commit) -> taskNodes.set(task, commit.toJson()));
        node.set("properties", Json.stringMap(properties));
        return Json.bytes(node);
    }

    static BatchCommit fromJsonBytes(byte[] body, String file) throws CorruptFileException {
        JsonNode node = Json.parse(body, file);
        SortedMap<String, TaskCommit> tasks = new TreeMap<>();
        for (Map.Entry<String, JsonNode> task : Json.requireObject(node, "tasks", file).properties()) {
            tasks.put(task.getKey(), TaskCommit.fromJson(task.getValue(), file));
        }
        return new BatchCommit(Json.requireLong(node, "batch", file), Json.requireLong(node, "epoch", file),
                Json.requireLong(node, "committed_at", file), tasks, Json.readStringMap(node, "properties", file));
    }
}
