package dev.spindle.state.inspect;

import java.util.List;

/**
 * One committed batch as {@code spindle checkpoint ls} shows it: per task, the bytes written to the
 * checkpoint for this batch (changelog, and the new files of a snapshot it names) and the bytes
 * needed to restore the task at this batch (-1 when it cannot be restored).
 */
public record CommitSummary(long batch, long epoch, List<TaskUsage> tasks) {

    public record TaskUsage(String task, long bytesUploaded, long bytesReferenced) {}

    public String toJson() {
        StringBuilder json = new StringBuilder("{\"batch\":").append(batch).append(",\"epoch\":").append(epoch)
                .append(",\"tasks\":[");
        for (int i = 0; i < tasks.size(); i++) {
            TaskUsage usage = tasks.get(i);
            json.append(i == 0 ? "" : ",").append("{\"task\":").append(dev.spindle.state.io.Json.MAPPER.valueToTree(usage.task()))
                    .append(",\"bytes_uploaded\":").append(usage.bytesUploaded())
                    .append(",\"bytes_referenced\":").append(usage.bytesReferenced()).append('}');
        }
        return json.append("]}").toString();
    }
}
