package dev.spindle.state.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One committed batch as {@code spindle checkpoint ls} shows it: per task, the bytes written to the
 * checkpoint for this batch (changelog, and the new files of a snapshot it names) and the bytes
 * needed to restore the task at this batch (-1 when it cannot be restored).
 */
public record CommitSummary(long batch, long epoch, List<TaskUsage> tasks) {

    public record TaskUsage(String task, long bytesUploaded, long bytesReferenced) {}

    /** {@code {"batch":N,"epoch":E,"tasks":[{"task":"...","bytes_uploaded":U,"bytes_referenced":R}]}} */
    public String toJson() {
        ObjectNode node = Json.object();
        node.put("batch", batch);
        node.put("epoch", epoch);
        ArrayNode taskNodes = node.putArray("tasks");
        for (TaskUsage usage : tasks) {
            ObjectNode task = taskNodes.addObject();
            task.put("task", usage.task());
            task.put("bytes_uploaded", usage.bytesUploaded());
            task.put("bytes_referenced", usage.bytesReferenced());
        }
        return new String(Json.bytes(node), StandardCharsets.UTF_8);
    }
}
