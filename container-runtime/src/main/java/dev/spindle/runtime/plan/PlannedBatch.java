package dev.spindle.runtime.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plan of one batch as {@code offsets/<b>} pins it: everything a replay needs to produce the
 * same state and output byte for byte (invariant I5).
 *
 * @param trigger the trigger of the run that planned it
 * @param runId identifies an available-now run; batches of one run share their targets
 * @param batchTimeMillis the batch timestamp (monotonic), the engine's "processing time"
 * @param watermark the watermark of the batch; null before any value was accepted (−∞)
 * @param topic the input topic
 * @param topicId the input topic's id when planned (Kafka's topic id); null in plans written
 *     before Spindle recorded it
 * @param partitionCount the input topic's partition count when planned
 * @param starts the first offset read, per partition
 * @param ends the offset after the last one read, per partition
 * @param targets where this run reads up to, per partition
 * @param topology the job topology the plan was made for
 * @param tables the version of every static table the batch joins against, by table name
 * @param shufflePartitions the task count of the stage after the shuffle, or 0 when the job has
 *     one stage (tasks {@code s0-p<i>}, one per input partition)
 */
public record PlannedBatch(long batch, String trigger, String runId, long batchTimeMillis, Long watermark,
        String topic, String topicId, int partitionCount, SortedMap<Integer, Long> starts, SortedMap<Integer, Long> ends,
        SortedMap<Integer, Long> targets, String topology, SortedMap<String, TableVersion> tables,
        int shufflePartitions) {

    public PlannedBatch {
        starts = new TreeMap<>(starts);
        ends = new TreeMap<>(ends);
        targets = new TreeMap<>(targets);
        tables = new TreeMap<>(tables);
    }

    /** How many stages the batch runs: 1, or 2 with a shuffle between them. */
    public int stageCount() {
        return shufflePartitions == 0 ? 1 : 2;
    }

    /** The tasks of {@code stage}, in partition order. */
    public List<String> tasks(int stage) {
        int count = stage == 0 ? partitionCount : shufflePartitions;
        List<String> tasks = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            tasks.add(TaskNames.of(stage, p));
        }
        return tasks;
    }

    /** Every task of every stage. */
    public List<String> tasks() {
        List<String> tasks = new ArrayList<>();
        for (int stage = 0; stage < stageCount(); stage++) {
            tasks.addAll(tasks(stage));
        }
        return tasks;
    }

    /** The stage after {@code stage}'s tasks, or -1 for the last. */
    public int partitionsAfter(int stage) {
        return stage + 1 < stageCount() ? shufflePartitions : -1;
    }

    /** Gives the shuffle file an upstream task's accepted attempt wrote, or null when it has none. */
    @FunctionalInterface
    public interface ShuffleFiles {
        FileRef of(String upstreamTask) throws IOException;
    }

    /**
     * What a task of {@code stage} reads: the accepted shuffle file of every task of the stage
     * before, in partition order.
     *
     * @throws IOException when an upstream task has none
     */
    public List<FileRef> upstreamFiles(int stage, ShuffleFiles accepted) throws IOException {
        List<FileRef> files = new ArrayList<>();
        for (String upstream : tasks(stage - 1)) {
            FileRef file = accepted.of(upstream);
            if (file == null) {
                throw new IOException("batch " + batch + ": " + upstream + " has no accepted shuffle file for stage "
                        + stage);
            }
            files.add(file);
        }
        return files;
    }

    /** Records the batch reads, over all partitions. */
    public long recordCount() {
        long count = 0;
        for (int partition : ends.keySet()) {
            count += recordCount(partition);
        }
        return count;
    }

    /** Records the batch reads from {@code partition}. */
    public long recordCount(int partition) {
        return ends.get(partition) - starts.get(partition);
    }

    /** True when every partition has been read up to its target. */
    public boolean reachesTargets() {
        return ends.equals(targets);
    }

    public String toJson() {
        ObjectNode node = Json.object();
        node.put("trigger", trigger);
        node.put("run_id", runId);
        node.put("batch_time", batchTimeMillis);
        if (watermark == null) {
            node.putNull("watermark");
        } else {
            node.put("watermark", watermark);
        }
        node.put("topic", topic);
        if (topicId != null) {
            node.put("topic_id", topicId);
        }
        node.put("partition_count", partitionCount);
        if (shufflePartitions > 0) {
            node.put("shuffle_partitions", shufflePartitions);
        }
        ObjectNode ranges = node.putObject("ranges");
        for (var start : starts.entrySet()) {
            ranges.putArray(Integer.toString(start.getKey())).add(start.getValue()).add(ends.get(start.getKey()));
        }
        ObjectNode targetNode = node.putObject("targets");
        targets.forEach((p, t) -> targetNode.put(Integer.toString(p), t));
        node.put("topology", topology);
        if (!tables.isEmpty()) {
            ObjectNode tableNode = node.putObject("tables");
            tables.forEach((name, version) -> tableNode.putObject(name).put("crc", version.crc())
                    .put("length", version.length()));
        }
        return node.toString();
    }

    /** @throws IllegalArgumentException when the plan is not one this engine wrote */
    public static PlannedBatch fromJson(long batch, String json) {
        JsonNode node = Json.parseText(json, "plan of batch " + batch);
        SortedMap<Integer, Long> starts = new TreeMap<>();
        SortedMap<Integer, Long> ends = new TreeMap<>();
        for (Map.Entry<String, JsonNode> range : node.get("ranges").properties()) {
            starts.put(Integer.parseInt(range.getKey()), range.getValue().get(0).asLong());
            ends.put(Integer.parseInt(range.getKey()), range.getValue().get(1).asLong());
        }
        SortedMap<Integer, Long> targets = new TreeMap<>();
        for (Map.Entry<String, JsonNode> target : node.get("targets").properties()) {
            targets.put(Integer.parseInt(target.getKey()), target.getValue().asLong());
        }
        SortedMap<String, TableVersion> tables = new TreeMap<>();
        JsonNode tableNode = node.get("tables");
        if (tableNode != null) {
            for (Map.Entry<String, JsonNode> table : tableNode.properties()) {
                tables.put(table.getKey(), new TableVersion(table.getValue().get("crc").asLong(),
                        table.getValue().get("length").asLong()));
            }
        }
        JsonNode watermark = node.get("watermark");
        JsonNode topicId = node.get("topic_id");
        JsonNode shuffle = node.get("shuffle_partitions");
        return new PlannedBatch(batch, node.get("trigger").asText(), node.get("run_id").asText(),
                node.get("batch_time").asLong(), watermark == null || watermark.isNull() ? null : watermark.asLong(),
                node.get("topic").asText(), topicId == null ? null : topicId.asText(), node.get("partition_count").asInt(), starts, ends, targets, node.get("topology").asText(),
                tables, shuffle == null ? 0 : shuffle.asInt());
    }
}
