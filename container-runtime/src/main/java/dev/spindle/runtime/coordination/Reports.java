package dev.spindle.runtime.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.runtime.task.TaskCounters;
import dev.spindle.runtime.task.TaskReport;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.FileRef;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.SnapshotRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task report as the data of {@code batches/<b>/done/<task>/<attempt>}: about a kilobyte of
 * JSON, with the reporting executor's figures ({@link ExecutorStats}) beside it.
 */
public final class Reports {
    private Reports() {}

    public static byte[] toBytes(TaskReport report, long epoch, ExecutorStats executor) {
        ObjectNode node = Json.object();
        node.put("task", report.task());
        node.put("attempt", report.attempt());
        node.put("epoch", epoch);
        node.set("changelog", report.changelog() == null ? null : report.changelog().toJson());
        node.set("snapshot", report.snapshot() == null ? null : report.snapshot().toJson());
        var outputs = node.putArray("outputs");
        report.outputs().forEach(output -> outputs.add(output.toJson()));
        node.set("counters", Json.stringMap(report.counters().toProperties()));
        node.set("shuffle", report.shuffle() == null ? null : report.shuffle().toJson());
        node.set("executor", executor.toJson());
        return Json.bytes(node);
    }

    public static TaskReport fromBytes(byte[] bytes) throws CorruptFileException {
        String where = "report";
        JsonNode node = Json.parse(bytes, where);
        JsonNode changelog = Json.optionalObject(node, "changelog", where);
        JsonNode snapshot = Json.optionalObject(node, "snapshot", where);
        JsonNode shuffle = Json.optionalObject(node, "shuffle", where);
        List<OutputFile> outputs = new ArrayList<>();
        for (JsonNode output : Json.requireArray(node, "outputs", where)) {
            outputs.add(OutputFile.fromJson(output, where));
        }
        Map<String, String> counters = Json.readStringMap(node, "counters", where);
        return new TaskReport(Json.requireText(node, "task", where), Json.requireText(node, "attempt", where),
                changelog == null ? null : FileRef.fromJson(changelog, where),
                snapshot == null ? null : SnapshotRef.fromJson(snapshot, where), outputs,
                TaskCounters.fromProperties(counters), shuffle == null ? null : FileRef.fromJson(shuffle, where));
    }

    /** The figures of the executor that wrote a report. */
    public static ExecutorStats executorStats(byte[] bytes) throws CorruptFileException {
        String where = "report";
        return ExecutorStats.fromJson(Json.requireObject(Json.parse(bytes, where), "executor", where), where);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
