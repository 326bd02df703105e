package dev.spindle.appmaster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.api.Trigger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tracking page shows of the job: its status and epoch, how this attempt took over
 * ({@link AttemptTimeline}) and the last {@value #KEPT_BATCHES} committed batches, rendered as
 * HTML, JSON and Prometheus text. Fed by the batch driver ({@link BatchListener}) and the
 * attempt; read by {@link TrackingServer}'s requests.
 */
final class JobView implements BatchListener {
    private static final Logger LOG = LoggerFactory.getLogger(JobView.class);
    private static final int KEPT_BATCHES = 100;

    private final String job;
    private final AttemptTimeline timeline;
    private final Deque<ObjectNode> batches = new ArrayDeque<>();
    private volatile String status = "STARTING";
    private volatile long epoch;
    private long committed;
    private long recordsIn;
    private long offsetsSkipped;
    private long rowsOut;
    private String runId;
    private SortedMap<Integer, Long> runStarts;
    private double backlogDone;
    private boolean readsABacklog;
    private String statusLine = "no batch committed yet";

    JobView(String job, AttemptTimeline timeline) {
        this.job = job;
        this.timeline = timeline;
    }

    void status(String status, long epoch) {
        this.status = status;
        this.epoch = epoch;
    }

    @Override
    public synchronized void committed(PlannedBatch plan, BatchCommit commit, BatchTimings timings) {
        timeline.reached(AttemptTimeline.Step.FIRST_COMMIT);
        ObjectNode batch = Json.object();
        batch.put("batch", plan.batch());
        batch.put("records_in", Long.parseLong(commit.properties().getOrDefault("records_in", "0")));
        batch.put("rows_out", Long.parseLong(commit.properties().getOrDefault("rows_out", "0")));
        if (plan.watermark() == null) {
            batch.putNull("watermark");
        } else {
            batch.put("watermark", plan.watermark());
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> target : plan.targets().entrySet()) {
            lag += target.getValue() - plan.ends().getOrDefault(target.getKey(), target.getValue());
        }
        batch.put("lag", lag);
        batch.put("plan_ms", timings.planMillis());
        batch.put("execute_ms", timings.executeMillis());
        batch.put("commit_ms", timings.commitMillis());
        batch.put("publish_ms", timings.publishMillis());
        batch.put("total_ms", timings.totalMillis());
        batches.addFirst(batch);
        while (batches.size() > KEPT_BATCHES) {
            batches.removeLast();
        }
        committed = plan.batch();
        recordsIn += batch.get("records_in").asLong();
        rowsOut += batch.get("rows_out").asLong();
        offsetsSkipped += Long.parseLong(commit.properties().getOrDefault("offsets_skipped", "0"));
        readsABacklog = !(Trigger.parse(plan.trigger()) instanceof Trigger.ProcessingTime);
        if (!plan.runId().equals(runId)) {
            runId = plan.runId();
            runStarts = plan.starts();
        }
        backlogDone = fraction(runStarts, plan.ends(), plan.targets());
        statusLine = String.format("batch %d committed: %d records in %d ms, %d rows out, lag %d%s", plan.batch(),
                batch.get("records_in").asLong(), timings.totalMillis(), batch.get("rows_out").asLong(), lag,
                plan.watermark() == null ? "" : ", watermark " + Instant.ofEpochMilli(plan.watermark()));
        LOG.info(statusLine);
    }

    /** How much of the way from {@code starts} to {@code targets} {@code ends} has come, over all partitions. */
    static double fraction(SortedMap<Integer, Long> starts, SortedMap<Integer, Long> ends,
            SortedMap<Integer, Long> targets) {
        long total = 0;
        long done = 0;
        for (Map.Entry<Integer, Long> target : targets.entrySet()) {
            long start = starts.getOrDefault(target.getKey(), target.getValue());
            total += target.getValue() - start;
            done += Math.min(ends.getOrDefault(target.getKey(), start), target.getValue()) - start;
        }
        return total <= 0 ? 1.0 : (double) done / total;
    }

    /**
     * The progress YARN shows: for an available-now (or once) run, the fraction of its backlog (from
     * where this attempt found the run to its targets) that committed batches have read; for a
     * processing-time trigger, which runs without end, the fraction of the batch in flight that its tasks have
     * done ({@code batchDone}).
     */
    synchronized float progress(double batchDone) {
        return (float) (readsABacklog ? backlogDone : batchDone);
    }

    /** One line on the last committed batch, for the tracking page, {@code spindle status} and the AM's log. */
    synchronized String statusLine() {
        return statusLine;
    }

    synchronized String json() {
        ObjectNode node = Json.object();
        node.put("job", job);
        node.put("status", status);
        node.put("epoch", epoch);
        node.put("status_line", statusLine);
        node.set("attempt", timeline.toJson());
        ArrayNode list = node.putArray("batches");
        batches.forEach(list::add);
        return node.toString();
    }

    synchronized String metrics() {
        return "# TYPE spindle_batches_committed counter\nspindle_batches_committed " + (batches.isEmpty() ? 0 : committed + 1)
                + "\n# TYPE spindle_records_in_total counter\nspindle_records_in_total " + recordsIn
                + "\n# TYPE spindle_rows_out_total counter\nspindle_rows_out_total " + rowsOut
                + "\n# TYPE spindle_offsets_skipped_total counter\nspindle_offsets_skipped_total " + offsetsSkipped
                + "\n# TYPE spindle_leader_epoch gauge\nspindle_leader_epoch " + epoch
                + "\n# TYPE spindle_lag_records gauge\nspindle_lag_records "
                + (batches.isEmpty() ? 0 : batches.getFirst().get("lag").asLong()) + "\n";
    }

    synchronized String html() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>Spindle: ").append(escape(job))
                .append("</title></head><body><h1>Spindle job ").append(escape(job)).append("</h1><p>")
                .append(escape(status)).append(", epoch ").append(epoch).append(": ").append(escape(statusLine))
                .append("</p><p>attempt ")
                .append(escape(timeline.toString()))
                .append(" — <a href=\"api/v1/progress\">JSON</a>, <a href=\"metrics\">metrics</a></p><table border=1>")
                .append("<tr><th>batch</th><th>records in</th><th>rows out</th><th>lag</th><th>watermark</th>"
                        + "<th>plan ms</th><th>execute ms</th><th>commit ms</th><th>publish ms</th></tr>");
        for (ObjectNode batch : batches) {
            html.append("<tr>");
            for (String field : new String[] {"batch", "records_in", "rows_out", "lag", "watermark", "plan_ms", "execute_ms",
                "commit_ms", "publish_ms"}) {
                html.append("<td>").append(batch.get(field).asText()).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
