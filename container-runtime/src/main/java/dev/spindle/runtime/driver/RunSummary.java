package dev.spindle.runtime.driver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a run did: sums over the batches this run committed (no-data batches included), and how
 * long it took. Printed as the last line of {@code spindle run} and {@code spindle-local}.
 */
public final class RunSummary {
    /** The trigger ended the run: once, or available-now with everything read. */
    public static final String SUCCEEDED = "SUCCEEDED";
    /** A stop request ended the run before its trigger did (a processing-time run always ends so). */
    public static final String STOPPED = "STOPPED";
    public static final String FAILED = "FAILED";

    private String status = "RUNNING";
    private String error;
    private long batches;
    private long recordsIn;
    private long malformed;
    private long duplicate;
    private long late;
    private long accepted;
    private long rowsOut;
    private long offsetsSkipped;
    private long elapsedMillis;
    /** Per stage of a job with a shuffle: the counters that say what crossed it. */
    private final SortedMap<Integer, Map<String, Long>> stages = new TreeMap<>();
    private static final List<String> FIRST_STAGE = List.of("records_in", "records_accepted", "records_shuffled_out",
            "dead_letters");
    private static final List<String> LATER_STAGES = List.of("records_shuffled_in", "rows_out");

    /** The summary of a run stopped before it could start (a signal while its input loaded). */
    public static RunSummary stoppedBeforeStart(long elapsedMillis) {
        RunSummary summary = new RunSummary();
        summary.finish(STOPPED, null, elapsedMillis);
        return summary;
    }

    /** The summary of a run that failed before or while running. */
    public static RunSummary failed(String error, long elapsedMillis) {
        RunSummary summary = new RunSummary();
        summary.finish(FAILED, error, elapsedMillis);
        return summary;
    }

    void add(BatchCommit commit) {
        batches++;
        recordsIn += count(commit, "records_in");
        malformed += count(commit, "records_malformed");
        duplicate += count(commit, "records_duplicate");
        late += count(commit, "records_late");
        accepted += count(commit, "records_accepted");
        rowsOut += count(commit, "rows_out");
        offsetsSkipped += count(commit, "offsets_skipped");
        boolean shuffles = commit.tasks().keySet().stream().anyMatch(task -> TaskNames.stageOf(task) > 0);
        if (!shuffles) {
            return;
        }
        commit.tasks().forEach((task, entry) -> {
            int stage = TaskNames.stageOf(task);
            Map<String, Long> counters = stages.computeIfAbsent(stage, s -> new LinkedHashMap<>());
            for (String name : stage == 0 ? FIRST_STAGE : LATER_STAGES) {
                counters.merge(name, Long.parseLong(entry.properties().getOrDefault(name, "0")), Long::sum);
            }
        });
    }

    void finish(String status, String error, long elapsedMillis) {
        this.status = status;
        this.error = error;
        this.elapsedMillis = elapsedMillis;
    }

    public String status() {
        return status;
    }

    public long batches() {
        return batches;
    }

    public long recordsIn() {
        return recordsIn;
    }

    public long rowsOut() {
        return rowsOut;
    }

    /** Sets the elapsed time as the caller measures it (from the start of its command). */
    public RunSummary withElapsed(long millis) {
        this.elapsedMillis = millis;
        return this;
    }

    /**
     * {@code {"status":"SUCCEEDED","batches":41,"records_in":100123,"records_malformed":12,
     * "records_duplicate":310,"records_late":25,"records_accepted":99776,"rows_out":51234,
     * "elapsed_ms":73450}}; {@code "offsets_skipped"} before {@code "elapsed_ms"} when the run
     * skipped offsets that were gone from Kafka; for a job with a shuffle, {@code "stages":
     * {"s0":{"records_in":…,"records_accepted":…,"records_shuffled_out":…,"dead_letters":…},
     * "s1":{"records_shuffled_in":…,"rows_out":…}}} before {@code "elapsed_ms"}; {@code "error"}
     * last when the run failed.
     */
    public String toJson() {
        ObjectNode node = Json.object();
        node.put("status", status);
        node.put("batches", batches);
        node.put("records_in", recordsIn);
        node.put("records_malformed", malformed);
        node.put("records_duplicate", duplicate);
        node.put("records_late", late);
        node.put("records_accepted", accepted);
        node.put("rows_out", rowsOut);
        if (offsetsSkipped > 0) {
            node.put("offsets_skipped", offsetsSkipped);
        }
        if (!stages.isEmpty()) {
            ObjectNode stageNode = node.putObject("stages");
            stages.forEach((stage, counters) -> {
                ObjectNode counterNode = stageNode.putObject("s" + stage);
                counters.forEach(counterNode::put);
            });
        }
        node.put("elapsed_ms", elapsedMillis);
        if (error != null) {
            node.put("error", error);
        }
        return node.toString();
    }

    private static long count(BatchCommit commit, String name) {
        return Long.parseLong(commit.properties().getOrDefault(name, "0"));
    }
}
