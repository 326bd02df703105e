package dev.spindle.appmaster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The ApplicationMaster's tracking page, registered with the ResourceManager: {@code /} an HTML
 * table of the recent batches and of how this attempt took over the job ({@link AttemptTimeline}),
 * {@code /api/progress} the same as JSON, {@code /metrics} Prometheus
 * text; {@code POST /api/stop} asks the job to stop after its current batch ({@code spindle stop}).
 * It listens on the container's host, on a free port.
 */
final class TrackingServer implements BatchListener, AutoCloseable {
    private static final int KEPT_BATCHES = 100;

    private final HttpServer server;
    private final String job;
    private final AttemptTimeline timeline;
    private final Deque<ObjectNode> batches = new ArrayDeque<>();
    private volatile String status = "STARTING";
    private volatile long epoch;
    private volatile StopHandler stopHandler;
    private long committed;
    private long recordsIn;
    private long offsetsSkipped;
    private long rowsOut;

    private TrackingServer(HttpServer server, String job, AttemptTimeline timeline) {
        this.server = server;
        this.job = job;
        this.timeline = timeline;
    }

    static TrackingServer start(String host, String job, AttemptTimeline timeline) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 16);
        TrackingServer tracking = new TrackingServer(server, job, timeline);
        server.createContext("/api/progress", exchange -> tracking.reply(exchange, "application/json", tracking.json()));
        server.createContext("/api/stop", tracking::stop);
        server.createContext("/metrics", exchange -> tracking.reply(exchange, "text/plain; version=0.0.4", tracking.metrics()));
        server.createContext("/", exchange -> tracking.reply(exchange, "text/html; charset=utf-8", tracking.html()));
        server.start();
        return tracking;
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/";
    }

    int port() {
        return server.getAddress().getPort();
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
    }

    private synchronized String json() {
        ObjectNode node = Json.object();
        node.put("job", job);
        node.put("status", status);
        node.put("epoch", epoch);
        node.set("attempt", timeline.toJson());
        ArrayNode list = node.putArray("batches");
        batches.forEach(list::add);
        return node.toString();
    }

    private synchronized String metrics() {
        return "# TYPE spindle_batches_committed counter\nspindle_batches_committed " + (batches.isEmpty() ? 0 : committed + 1)
                + "\n# TYPE spindle_records_in_total counter\nspindle_records_in_total " + recordsIn
                + "\n# TYPE spindle_rows_out_total counter\nspindle_rows_out_total " + rowsOut
                + "\n# TYPE spindle_offsets_skipped_total counter\nspindle_offsets_skipped_total " + offsetsSkipped
                + "\n# TYPE spindle_leader_epoch gauge\nspindle_leader_epoch " + epoch + "\n";
    }

    private synchronized String html() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>Spindle: ").append(escape(job))
                .append("</title></head><body><h1>Spindle job ").append(escape(job)).append("</h1><p>")
                .append(escape(status)).append(", epoch ").append(epoch).append("; attempt ")
                .append(escape(timeline.toString()))
                .append(" — <a href=\"api/progress\">JSON</a>, <a href=\"metrics\">metrics</a></p><table border=1>")
                .append("<tr><th>batch</th><th>records in</th><th>rows out</th><th>watermark</th>"
                        + "<th>plan ms</th><th>execute ms</th><th>commit ms</th><th>publish ms</th></tr>");
        for (ObjectNode batch : batches) {
            html.append("<tr>");
            for (String field : new String[] {"batch", "records_in", "rows_out", "watermark", "plan_ms", "execute_ms",
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

    /** Records a stop request somewhere it survives this process (the job's {@code stop} znode). */
    interface StopHandler {
        void requestStop() throws Exception;
    }

    /** Accepts {@code POST /api/stop} once the AM leads (a standby has nothing to stop). */
    void onStop(StopHandler handler) {
        this.stopHandler = handler;
    }

    private void stop(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "text/plain", "POST to stop the job\n");
            return;
        }
        StopHandler handler = stopHandler;
        if (handler == null) {
            reply(exchange, 409, "text/plain", "this ApplicationMaster is " + status + ", not leading the job\n");
            return;
        }
        try {
            handler.requestStop();
            reply(exchange, 202, "text/plain", "stopping after the current batch\n");
        } catch (Exception e) {
            reply(exchange, 500, "text/plain", "cannot record the stop request: " + e.getMessage() + "\n");
        }
    }

    private void reply(HttpExchange exchange, String type, String body) throws IOException {
        reply(exchange, 200, type, body);
    }

    private void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
