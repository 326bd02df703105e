package dev.spindle.runtime.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code batches/<b>/plan}: which executor runs which attempt of every task of batch {@code b},
 * as decided by the leader of {@code epoch}.
 */
public record Assignment(long batch, long epoch, SortedMap<String, Attempt> tasks) {

    /** One task's attempt: its id ({@code <epoch>-<n>}) and the executor that runs it. */
    public record Attempt(String executor, String attempt) {}

    public Assignment {
        tasks = new TreeMap<>(tasks);
    }

    public byte[] toBytes() {
        ObjectNode node = Json.object();
        node.put("batch", batch);
        node.put("epoch", epoch);
        ObjectNode taskNodes = node.putObject("tasks");
        tasks.forEach((task, attempt) -> taskNodes.putObject(task)
                .put("executor", attempt.executor()).put("attempt", attempt.attempt()));
        return Json.bytes(node);
    }

    public static Assignment fromBytes(byte[] bytes) {
        JsonNode node = Json.parseText(new String(bytes, StandardCharsets.UTF_8), "assignment");
        SortedMap<String, Attempt> tasks = new TreeMap<>();
        for (Map.Entry<String, JsonNode> task : node.get("tasks").properties()) {
            tasks.put(task.getKey(), new Attempt(task.getValue().get("executor").asText(),
                    task.getValue().get("attempt").asText()));
        }
        return new Assignment(node.get("batch").asLong(), node.get("epoch").asLong(), tasks);
    }
}
