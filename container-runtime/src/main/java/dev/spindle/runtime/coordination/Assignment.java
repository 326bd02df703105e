package dev.spindle.runtime.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.FileRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code batches/<b>/plan}: which executor runs which attempt of every task of batch {@code b}
 * assigned so far, as decided by the leader of {@code epoch}. A stage's tasks are added once every
 * task of the stage before has its accepted report, together with what they read: the shuffle
 * file of each accepted upstream attempt, in partition order ({@code upstream}, by stage).
 */
public record Assignment(long batch, long epoch, SortedMap<String, Attempt> tasks,
        SortedMap<Integer, List<FileRef>> upstream) {

    /** One task's attempt: its id ({@code <epoch>-<n>}) and the executor that runs it. */
    public record Attempt(String executor, String attempt) {}

    public Assignment {
        tasks = new TreeMap<>(tasks);
        upstream = new TreeMap<>(upstream);
    }

    /** The assignment of a one-stage batch (or of its first stage). */
    public Assignment(long batch, long epoch, SortedMap<String, Attempt> tasks) {
        this(batch, epoch, tasks, new TreeMap<>());
    }

    /** What a task of {@code stage} reads; empty for stage 0. */
    public List<FileRef> upstreamOf(int stage) {
        return upstream.getOrDefault(stage, List.of());
    }

    public byte[] toBytes() {
        ObjectNode node = Json.object();
        node.put("batch", batch);
        node.put("epoch", epoch);
        ObjectNode taskNodes = node.putObject("tasks");
        tasks.forEach((task, attempt) -> taskNodes.putObject(task)
                .put("executor", attempt.executor()).put("attempt", attempt.attempt()));
        if (!upstream.isEmpty()) {
            ObjectNode stages = node.putObject("upstream");
            upstream.forEach((stage, files) -> {
                ArrayNode list = stages.putArray(Integer.toString(stage));
                files.forEach(file -> list.add(file.toJson()));
            });
        }
        return Json.bytes(node);
    }

    public static Assignment fromBytes(byte[] bytes) {
        JsonNode node = Json.parseText(new String(bytes, StandardCharsets.UTF_8), "assignment");
        SortedMap<String, Attempt> tasks = new TreeMap<>();
        for (Map.Entry<String, JsonNode> task : node.get("tasks").properties()) {
            tasks.put(task.getKey(), new Attempt(task.getValue().get("executor").asText(),
                    task.getValue().get("attempt").asText()));
        }
        SortedMap<Integer, List<FileRef>> upstream = new TreeMap<>();
        JsonNode stages = node.get("upstream");
        if (stages != null) {
            for (Map.Entry<String, JsonNode> stage : stages.properties()) {
                List<FileRef> files = new ArrayList<>();
                for (JsonNode file : stage.getValue()) {
                    try {
                        files.add(FileRef.fromJson(file, "assignment"));
                    } catch (CorruptFileException e) {
                        throw new IllegalArgumentException("assignment of batch " + node.get("batch") + ": " + e.getMessage(), e);
                    }
                }
                upstream.put(Integer.parseInt(stage.getKey()), files);
            }
        }
        return new Assignment(node.get("batch").asLong(), node.get("epoch").asLong(), tasks, upstream);
    }
}
