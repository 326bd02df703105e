package dev.spindle.appmaster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.api.Trigger;
import dev.spindle.runtime.coordination.ExecutorStats;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.retention.GcReport;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tracking page shows of the job: its status and epoch, how this attempt took over
 * ({@link AttemptTimeline}), its executors and the ones it lost, and the last {@value
 * #KEPT_BATCHES} committed batches; rendered as one HTML page with server-drawn charts
 * ({@link SvgCharts}) and as JSON, and the job's metrics ({@link JobMetrics}). Fed by the batch
 * driver ({@link BatchListener}) and the attempt; read by {@link TrackingServer}'s requests.
 */
final class JobView implements BatchListener {
    private static final Logger LOG = LoggerFactory.getLogger(JobView.class);
    private static final int KEPT_BATCHES = 100;
    private static final int KEPT_FALLBACKS = 20;
    private static final String[] PHASES = {"plan", "execute", "commit", "publish"};

    private final String job;
    private final String trigger;
    private final AttemptTimeline timeline;
    private final JobMetrics metrics;
    /** Newest first: a row of the batch table each, and Spark-style progress objects. */
    private final Deque<ObjectNode> batches = new ArrayDeque<>();
    private final Deque<ObjectNode> progress = new ArrayDeque<>();
    private volatile String status = "STARTING";
    private volatile long epoch;
    private volatile DoubleSupplier batchDone = () -> 0;
    private volatile ExecutorPool pool;
    private String runId;
    private SortedMap<Integer, Long> runStarts;
    private double backlogDone;
    private boolean readsABacklog;
    private long lastCommitMillis = -1;
    private final Map<String, Long> totals = new java.util.LinkedHashMap<>();
    private String statusLine = "no batch committed yet";
    private volatile ZkExecutors tasks;
    /** Per task, the newest snapshot a commit named: its state batch, the batch that named it, its bytes. */
    /** The last restores that fell back, newest first: batch, task, why. */
    private final Deque<String[]> fallbacks = new ArrayDeque<>();
    private GcReport lastGc;
    private long lastGcMillis;

    JobView(String job, String trigger, int amAttempt, AttemptTimeline timeline) {
        this.job = job;
        this.trigger = trigger;
        this.timeline = timeline;
        this.metrics = new JobMetrics(job, trigger, amAttempt, () -> epoch, this::progress);
    }

    /** Where {@link #progress} learns how much of the batch in flight is done (0 until set). */
    void batchProgress(DoubleSupplier batchDone) {
        this.batchDone = batchDone;
    }

    /** The executor pool whose executors and exits the page lists. */
    void watch(ExecutorPool pool) {
        this.pool = pool;
        metrics.watch(pool);
    }

    /** The leader's task coordination: the attempts it gave up, and the executors' figures in their reports. */
    void watchTasks(ZkExecutors executors) {
        this.tasks = executors;
        metrics.watchTasks(executors::reassignedAttempts);
        executors.onExecutorStats(metrics::executorStats);
    }

    /** The publisher, whose roll-forwards and Kafka transactions become metrics. */
    void watchPublishing(Publisher publisher) {
        metrics.watchPublishing(publisher);
    }

    void status(String status, long epoch) {
        this.status = status;
        this.epoch = epoch;
    }

    @Override
    public synchronized void committed(PlannedBatch plan, BatchCommit commit, BatchTimings timings) {
        timeline.reached(AttemptTimeline.Step.FIRST_COMMIT);
        metrics.committed(plan, commit, timings); // first: the state and snapshot figures below are its
        long records = count(commit, "records_in");
        long lag = 0;
        for (Map.Entry<Integer, Long> target : plan.targets().entrySet()) {
            lag += target.getValue() - plan.ends().getOrDefault(target.getKey(), target.getValue());
        }
        double since = lastCommitMillis < 0 ? timings.totalMillis() : commit.committedAtMillis() - lastCommitMillis;
        double inputRate = records * 1000.0 / Math.max(1, since);
        double processedRate = records * 1000.0 / Math.max(1, timings.totalMillis());
        lastCommitMillis = commit.committedAtMillis();
        long changelogBytes = 0;
        for (Map.Entry<String, TaskCommit> entry : commit.tasks().entrySet()) {
            TaskCommit task = entry.getValue();
            changelogBytes += task.changelog() == null ? 0 : task.changelog().length();
            String fallback = task.properties().get("restore_fallback");
            if (fallback != null) {
                fallbacks.addFirst(new String[] {Long.toString(plan.batch()), entry.getKey(), fallback});
                while (fallbacks.size() > KEPT_FALLBACKS) {
                    fallbacks.removeLast();
                }
            }
        }
        for (String name : new String[] {"records_in", "rows_out", "records_malformed", "records_late",
            "records_duplicate", "dead_letters", "offsets_skipped"}) {
            totals.merge(name, count(commit, name), Long::sum);
        }

        ObjectNode row = Json.object();
        row.put("batch", plan.batch());
        row.put("committed_at", Instant.ofEpochMilli(commit.committedAtMillis()).toString());
        row.put("records_in", records);
        row.put("rows_out", count(commit, "rows_out"));
        row.put("dead_letters", count(commit, "dead_letters"));
        row.put("records_late", count(commit, "records_late"));
        row.put("records_duplicate", count(commit, "records_duplicate"));
        row.put("lag", lag);
        if (plan.watermark() == null) {
            row.putNull("watermark");
        } else {
            row.put("watermark", Instant.ofEpochMilli(plan.watermark()).toString());
        }
        row.put("input_rows_per_second", Math.round(inputRate));
        row.put("processed_rows_per_second", Math.round(processedRate));
        row.put("changelog_bytes", changelogBytes);
        row.put("state_bytes", metrics.stateBytes());
        row.put("plan_ms", timings.planMillis());
        row.put("execute_ms", timings.executeMillis());
        row.put("commit_ms", timings.commitMillis());
        row.put("publish_ms", timings.publishMillis());
        row.put("total_ms", timings.totalMillis());
        keep(batches, row);
        keep(progress, progressOf(plan, commit, timings, inputRate, processedRate));

        readsABacklog = !(Trigger.parse(plan.trigger()) instanceof Trigger.ProcessingTime);
        if (!plan.runId().equals(runId)) {
            runId = plan.runId();
            runStarts = plan.starts();
        }
        backlogDone = fraction(runStarts, plan.ends(), plan.targets());
        statusLine = String.format("batch %d committed: %d records in %d ms, %d rows out, lag %d%s", plan.batch(),
                records, timings.totalMillis(), count(commit, "rows_out"), lag,
                plan.watermark() == null ? "" : ", watermark " + Instant.ofEpochMilli(plan.watermark()));
        LOG.info(statusLine);
    }

    @Override
    public void idle(long atMillis) {
        metrics.idle(atMillis);
    }

    @Override
    public synchronized void collected(GcReport report) {
        lastGc = report;
        lastGcMillis = System.currentTimeMillis();
        metrics.collected(report);
    }

    /** One batch as Spark's {@code StreamingQueryProgress} describes one, with Spindle's counters. */
    private ObjectNode progressOf(PlannedBatch plan, BatchCommit commit, BatchTimings timings, double inputRate,
            double processedRate) {
        ObjectNode node = Json.object();
        node.put("job", job);
        node.put("runId", plan.runId());
        node.put("batchId", plan.batch());
        node.put("timestamp", Instant.ofEpochMilli(commit.committedAtMillis()).toString());
        node.put("batchTimestamp", Instant.ofEpochMilli(plan.batchTimeMillis()).toString());
        node.put("epoch", commit.epoch());
        node.put("numInputRows", count(commit, "records_in"));
        node.put("inputRowsPerSecond", inputRate);
        node.put("processedRowsPerSecond", processedRate);
        ObjectNode duration = node.putObject("durationMs");
        duration.put("plan", timings.planMillis());
        duration.put("execute", timings.executeMillis());
        duration.put("commit", timings.commitMillis());
        duration.put("publish", timings.publishMillis());
        duration.put("total", timings.totalMillis());
        ObjectNode eventTime = node.putObject("eventTime");
        if (plan.watermark() == null) {
            eventTime.putNull("watermark");
        } else {
            eventTime.put("watermark", Instant.ofEpochMilli(plan.watermark()).toString());
        }
        ObjectNode source = node.putArray("sources").addObject();
        source.put("description", "kafka:" + plan.topic());
        ObjectNode start = source.putObject("startOffset");
        ObjectNode end = source.putObject("endOffset");
        ObjectNode latest = source.putObject("latestOffset");
        plan.starts().forEach((partition, offset) -> start.put(partition.toString(), offset));
        plan.ends().forEach((partition, offset) -> end.put(partition.toString(), offset));
        plan.targets().forEach((partition, offset) -> latest.put(partition.toString(), offset));
        source.put("numInputRows", plan.recordCount());
        ObjectNode counters = node.putObject("counters");
        commit.properties().forEach((name, value) -> {
            if (!name.equals("max_event_time") && !name.equals("available_now_ended")) {
                counters.put(name, Long.parseLong(value));
            }
        });
        return node;
    }

    private static void keep(Deque<ObjectNode> deque, ObjectNode node) {
        deque.addFirst(node);
        while (deque.size() > KEPT_BATCHES) {
            deque.removeLast();
        }
    }

    private static long count(BatchCommit commit, String name) {
        return Long.parseLong(commit.properties().getOrDefault(name, "0"));
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
     * processing-time trigger, which runs without end, the fraction of the batch in flight that its
     * tasks have done ({@link #batchProgress}).
     */
    synchronized float progress() {
        return (float) (readsABacklog ? backlogDone : batchDone.getAsDouble());
    }

    /** One line on the last committed batch, for the tracking page, {@code spindle status} and the AM's log. */
    synchronized String statusLine() {
        return statusLine;
    }

    /** The batch whose tasks run now and how far they are, or that none does. */
    private String inFlight() {
        ZkExecutors coordination = tasks;
        long batch = coordination == null ? -1 : coordination.batchInFlight();
        return batch < 0 ? "no batch in flight"
                : String.format("batch %d in flight: %.0f %% of its tasks reported", batch, batchDone.getAsDouble() * 100);
    }

    /** {@code /api/v1/status}: the job at a glance. */
    synchronized String statusJson() {
        ObjectNode node = Json.object();
        node.put("job", job);
        node.put("status", status);
        node.put("trigger", trigger);
        node.put("epoch", epoch);
        node.put("in_flight", inFlight());
        node.put("status_line", statusLine);
        node.put("progress", progress());
        node.set("attempt", timeline.toJson());
        ObjectNode sums = node.putObject("totals");
        totals.forEach(sums::put);
        return node.toString();
    }

    /** {@code /api/v1/progress}: one Spark-style progress object per batch, newest first. */
    synchronized String progressJson() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        progress.forEach(list::add);
        return list.toString();
    }

    /** {@code /api/v1/batches}: the batch table's rows, newest first. */
    synchronized String batchesJson() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        batches.forEach(list::add);
        return list.toString();
    }

    /**
     * {@code /api/v1/executors}: the executors running, the last ones that ended, and the last task
     * attempts the leader gave up.
     */
    String executorsJson() {
        ObjectNode node = Json.object();
        ArrayNode running = node.putArray("running");
        ArrayNode exits = node.putArray("recent_exits");
        ArrayNode failures = node.putArray("failed_attempts");
        ZkExecutors coordination = tasks;
        if (coordination != null) {
            for (ZkExecutors.FailedAttempt failure : coordination.recentFailures()) {
                ObjectNode entry = failures.addObject();
                entry.put("batch", failure.batch());
                entry.put("task", failure.task());
                entry.put("attempt", failure.attempt());
                entry.put("executor", failure.executor());
                entry.put("at", Instant.ofEpochMilli(failure.atMillis()).toString());
                entry.put("reason", failure.reason());
            }
        }
        ExecutorPool watched = pool;
        if (watched != null) {
            Map<String, ExecutorStats> figures = metrics.executors();
            for (ExecutorPool.Executor executor : watched.executors()) {
                ObjectNode entry = running.addObject();
                entry.put("container", executor.container());
                entry.put("node", executor.node());
                entry.put("logs", executor.logs());
                ExecutorStats stats = figures.get(executor.container());
                if (stats == null) {
                    entry.putNull("jvm"); // no report from it yet
                } else {
                    ObjectNode jvm = stats.toJson();
                    jvm.remove("executor"); // the entry's container
                    entry.set("jvm", jvm);
                }
            }
            for (ExecutorPool.Exit exit : watched.recentExits()) {
                ObjectNode entry = exits.addObject();
                entry.put("container", exit.container());
                entry.put("node", exit.node());
                entry.put("at", Instant.ofEpochMilli(exit.atMillis()).toString());
                entry.put("exit_status", exit.exitStatus());
                entry.put("diagnostics", exit.diagnostics());
            }
        }
        return node.toString();
    }

    /** Every metric, in Prometheus's text format ({@link JobMetrics}). */
    String metrics() {
        return metrics.scrape();
    }

    JobMetrics jobMetrics() {
        return metrics;
    }

    /** The tracking page: overview, executors, charts, batches, checkpoint, problems. Links are relative. */
    synchronized String html() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Spindle: ")
                .append(escape(job)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:16px;color:#222}table{border-collapse:collapse;font-size:13px}")
                .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}")
                .append("td.text{text-align:left}.charts svg{margin:4px;border:1px solid #ddd}")
                .append("</style></head><body>")
                .append("<h1>Spindle job ").append(escape(job)).append("</h1>");
        html.append("<section id=\"overview\"><p><b>").append(escape(status)).append("</b>, trigger ")
                .append(escape(trigger)).append(", epoch ").append(epoch).append(", progress ")
                .append(Math.round(progress() * 100)).append(" %: ").append(escape(statusLine)).append("</p><p>")
                .append(escape(inFlight())).append("</p><p>attempt ").append(escape(timeline.toString())).append("</p><p>")
                .append("<a href=\"api/v1/status\">status</a> · <a href=\"api/v1/progress\">progress</a> · ")
                .append("<a href=\"api/v1/batches\">batches</a> · <a href=\"api/v1/executors\">executors</a> (JSON) · ")
                .append("<a href=\"metrics\">metrics</a> · <a href=\"jmx\">jmx</a></p></section>");
        executorsHtml(html);
        chartsHtml(html);
        batchesHtml(html);
        checkpointHtml(html);
        problemsHtml(html);
        return html.append("</body></html>").toString();
    }

    private void executorsHtml(StringBuilder html) {
        html.append("<section id=\"executors\"><h2>Executors</h2><table><tr><th>container</th><th>node</th>"
                + "<th>state</th><th>heap used / max (MiB)</th><th>GC (count, s)</th><th>CPU (s)</th><th>logs</th></tr>");
        ExecutorPool watched = pool;
        if (watched != null) {
            Map<String, ExecutorStats> figures = metrics.executors();
            for (ExecutorPool.Executor executor : watched.executors()) {
                ExecutorStats stats = figures.get(executor.container());
                html.append("<tr><td class=\"text\">").append(escape(executor.container())).append("</td><td class=\"text\">")
                        .append(escape(executor.node())).append("</td><td class=\"text\">RUNNING</td>");
                if (stats == null) {
                    html.append("<td colspan=\"3\" class=\"text\">no report yet</td>");
                } else {
                    html.append("<td>").append(stats.heapUsedBytes() >> 20).append(" / ").append(stats.heapMaxBytes() >> 20)
                            .append("</td><td>").append(stats.gcCount()).append(", ")
                            .append(String.format("%.1f", stats.gcMillis() / 1000.0)).append("</td><td>")
                            .append(String.format("%.1f", stats.cpuMillis() / 1000.0)).append("</td>");
                }
                html.append("<td class=\"text\"><a href=\"").append(escape(executor.logs())).append("\">logs</a></td></tr>");
            }
        }
        html.append("</table></section>");
    }

    private void checkpointHtml(StringBuilder html) {
        html.append("<section id=\"checkpoint\"><h2>Checkpoint</h2><p>");
        ObjectNode last = batches.peekFirst();
        if (last == null) {
            html.append("no batch committed by this attempt yet");
        } else {
            html.append("last commit: batch ").append(last.get("batch").asLong()).append(" at ")
                    .append(last.get("committed_at").asText()).append(", ").append(last.get("commit_ms").asLong())
                    .append(" ms to commit, ").append(last.get("changelog_bytes").asLong()).append(" changelog bytes, state ")
                    .append(last.get("state_bytes").asLong()).append(" bytes");
        }
        html.append("</p><p>");
        if (lastGc == null) {
            html.append("retained commits: no garbage collection has run in this attempt yet");
        } else {
            html.append("retained commits: ").append(lastGc.keepFrom()).append(" to ").append(lastGc.latest()).append(" (")
                    .append(Math.max(0, lastGc.latest() - lastGc.keepFrom() + 1)).append("); the last garbage collection, at ")
                    .append(Instant.ofEpochMilli(lastGcMillis)).append(", deleted ").append(lastGc.deleted().size())
                    .append(" files");
        }
        html.append("</p><table><tr><th>task</th><th>newest snapshot holds batch</th><th>named by commit</th>"
                + "<th>uploaded bytes</th></tr>");
        Map<String, JobMetrics.NewestSnapshot> snapshots = metrics.newestSnapshots();
        snapshots.forEach((task, snapshot) -> html.append("<tr><td class=\"text\">").append(escape(task)).append("</td><td>")
                .append(snapshot.stateBatch()).append("</td><td>").append(snapshot.namedBy()).append("</td><td>")
                .append(snapshot.uploadedBytes()).append("</td></tr>"));
        if (snapshots.isEmpty()) {
            html.append("<tr><td colspan=\"4\" class=\"text\">no snapshot committed since this attempt began</td></tr>");
        }
        html.append("</table><h3>Restore fallbacks</h3><table><tr><th>batch</th><th>task</th><th>why</th></tr>");
        for (String[] fallback : fallbacks) {
            html.append("<tr><td>").append(escape(fallback[0])).append("</td><td class=\"text\">").append(escape(fallback[1]))
                    .append("</td><td class=\"text\">").append(escape(fallback[2])).append("</td></tr>");
        }
        if (fallbacks.isEmpty()) {
            html.append("<tr><td colspan=\"3\" class=\"text\">none: every restore reached its commit</td></tr>");
        }
        html.append("</table></section>");
    }

    private void chartsHtml(StringBuilder html) {
        List<ObjectNode> oldestFirst = new ArrayList<>(batches);
        java.util.Collections.reverse(oldestFirst);
        html.append("<section id=\"charts\" class=\"charts\"><h2>Charts</h2>")
                .append(SvgCharts.line("Input rate", "records/s", series(oldestFirst, b -> b.get("input_rows_per_second").asDouble())))
                .append(SvgCharts.line("Processing rate", "records/s",
                        series(oldestFirst, b -> b.get("processed_rows_per_second").asDouble())));
        List<double[]> phases = new ArrayList<>();
        for (ObjectNode batch : oldestFirst) {
            double[] stack = new double[PHASES.length];
            for (int i = 0; i < PHASES.length; i++) {
                stack[i] = batch.get(PHASES[i] + "_ms").asDouble();
            }
            phases.add(stack);
        }
        html.append(SvgCharts.stackedBars("Batch duration", "ms", List.of(PHASES), phases))
                .append(SvgCharts.line("Lag", "records", series(oldestFirst, b -> b.get("lag").asDouble())))
                .append(SvgCharts.line("State size", "bytes", series(oldestFirst, b -> b.get("state_bytes").asDouble())))
                .append(SvgCharts.line("Changelog written", "bytes", series(oldestFirst, b -> b.get("changelog_bytes").asDouble())))
                .append("</section>");
    }

    private static List<Double> series(List<ObjectNode> batches, ToDoubleFunction<ObjectNode> value) {
        List<Double> values = new ArrayList<>(batches.size());
        batches.forEach(batch -> values.add(value.applyAsDouble(batch)));
        return values;
    }

    private void batchesHtml(StringBuilder html) {
        String[] fields = {"batch", "committed_at", "records_in", "rows_out", "dead_letters", "records_late", "lag",
            "watermark", "input_rows_per_second", "processed_rows_per_second", "plan_ms", "execute_ms", "commit_ms",
            "publish_ms", "total_ms"};
        html.append("<section id=\"batches\"><h2>Batches</h2><table><tr>");
        for (String field : fields) {
            html.append("<th>").append(field.replace('_', ' ')).append("</th>");
        }
        html.append("</tr>");
        for (ObjectNode batch : batches) {
            html.append("<tr>");
            for (String field : fields) {
                html.append("<td>").append(escape(batch.get(field).asText())).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table></section>");
    }

    private void problemsHtml(StringBuilder html) {
        html.append("<section id=\"problems\"><h2>Problems</h2><p>since this attempt began: ")
                .append(totals.getOrDefault("dead_letters", 0L)).append(" dead letters (")
                .append(totals.getOrDefault("records_malformed", 0L)).append(" malformed), ")
                .append(totals.getOrDefault("records_late", 0L)).append(" late, ")
                .append(totals.getOrDefault("records_duplicate", 0L)).append(" duplicate records, ")
                .append(totals.getOrDefault("offsets_skipped", 0L)).append(" offsets skipped</p>")
                .append("<table><tr><th>batch</th><th>task attempt given up</th><th>executor</th><th>at</th>"
                        + "<th>why</th><th>the executor's exit</th></tr>");
        ZkExecutors coordination = tasks;
        ExecutorPool watched = pool;
        List<ExecutorPool.Exit> exits = watched == null ? List.of() : watched.recentExits();
        if (coordination != null) {
            for (ZkExecutors.FailedAttempt failure : coordination.recentFailures()) {
                String exit = exits.stream().filter(e -> e.container().equals(failure.executor())).findFirst()
                        .map(e -> "exit status " + e.exitStatus() + ": " + e.diagnostics()).orElse("");
                html.append("<tr><td>").append(failure.batch()).append("</td><td class=\"text\">")
                        .append(escape(failure.task() + " " + failure.attempt())).append("</td><td class=\"text\">")
                        .append(escape(failure.executor())).append("</td><td class=\"text\">")
                        .append(Instant.ofEpochMilli(failure.atMillis())).append("</td><td class=\"text\">")
                        .append(escape(failure.reason())).append("</td><td class=\"text\">").append(escape(exit))
                        .append("</td></tr>");
            }
        }
        html.append("</table><table><tr><th>executor that ended</th><th>node</th><th>at</th><th>exit status</th>"
                        + "<th>diagnostics</th></tr>");
        for (ExecutorPool.Exit exit : exits) {
            html.append("<tr><td class=\"text\">").append(escape(exit.container())).append("</td><td class=\"text\">")
                    .append(escape(exit.node())).append("</td><td class=\"text\">")
                    .append(Instant.ofEpochMilli(exit.atMillis())).append("</td><td>").append(exit.exitStatus())
                    .append("</td><td class=\"text\">").append(escape(exit.diagnostics())).append("</td></tr>");
        }
        html.append("</table></section>");
    }

    private static String escape(String text) {
        return SvgCharts.escape(text);
    }
}
