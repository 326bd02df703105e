package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.runtime.coordination.ExecutorStats;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.sink.Publisher;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.TaskCommit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules that conf/monitoring ships use only
 * metrics the ApplicationMaster serves, and are valid: every expression is checked by promtool
 * (Debian's prometheus package), and the rules' unit tests (spindle-alerts.test.yml) pass.
 */
class MonitoringFilesTest {
    private static final Path MONITORING = Path.of("..", "conf", "monitoring");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Pattern METRIC = Pattern.compile("\\bspindle_[a-z_]+\\b");

    @Test
    void everyMetricTheDashboardAndTheRulesUseIsOneTheApplicationMasterServes() throws Exception {
        Set<String> served = servedSeriesNames();
        List<String> expressions = new ArrayList<>(dashboardExpressions());
        expressions.addAll(ruleExpressions());
        Set<String> unknown = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                if (!metric.group().equals("spindle_job") && !served.contains(metric.group())) {
                    unknown.add(metric.group());
                }
            }
        }
        assertEquals(Set.of(), unknown, "metrics the monitoring files use that /metrics does not serve; it serves " + served);
        assertTrue(expressions.size() >= 20, "expressions read: " + expressions.size());
    }

    @Test
    void promtoolAcceptsTheRulesTheDashboardsQueriesAndPassesTheRulesUnitTests(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "SKIPPED: no promtool at " + PROMTOOL
                + " (Debian's prometheus package; .ci/run installs it where it can)");
        assertPromtool(MONITORING, "check", "rules", "spindle-alerts.yml");
        assertPromtool(MONITORING, "test", "rules", "spindle-alerts.test.yml");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int panel = 0;
        for (String expression : dashboardExpressions()) {
            rules.append("      - record: spindle:dashboard:query").append(panel++).append("\n        expr: ")
                    .append(Json.MAPPER.writeValueAsString(expression.replace("$spindle_job", "clickstream"))).append('\n');
        }
        Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
        assertPromtool(dir, "check", "rules", "dashboard-queries.yml");
    }

    private static void assertPromtool(Path workDir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool hung");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    /** The series names of a scrape of an AM that committed a batch, with its pool and task counters watched. */
    private static Set<String> servedSeriesNames() {
        JobView view = new JobView("clickstream", "processing-time=10s", 1,
                new AttemptTimeline("appattempt_1_0001_000001", Clock.systemUTC()));
        try (AmLoop loop = new AmLoop()) {
            // an executor's figures before the pool is watched: with a pool, those of executors it
            // does not run (this one: it has none) are dropped
            view.jobMetrics().executorStats(ExecutorStats.sample("container_1_0001_01_000002", 0));
            view.watch(new ExecutorPool(loop, null, null, null, null, () -> null, 8));
            view.jobMetrics().watchTasks(() -> 0);
            view.watchPublishing(new Publisher(null, commit -> 0));
            SortedMap<String, TaskCommit> tasks = new TreeMap<>(Map.of("s0-p0", new TaskCommit("1-0", null, null,
                    List.of(), Map.of("state_bytes", "100"))));
            view.committed(new PlannedBatch(0, "processing-time=10s", "run", 1_000, 500L, "clicks", null, 1,
                    new TreeMap<>(Map.of(0, 0L)), new TreeMap<>(Map.of(0, 5L)), new TreeMap<>(Map.of(0, 9L)), "topology",
                    new TreeMap<>(), 0), new BatchCommit(0, 1, 2_000, tasks,
                    Map.of("records_in", "5", "max_event_time", "900")), new BatchListener.BatchTimings(1, 2, 3, 4, 10));
        }
        Set<String> names = new TreeSet<>();
        for (String series : dev.spindle.testkit.PrometheusText.parse(view.metrics()).keySet()) {
            names.add(series.contains("{") ? series.substring(0, series.indexOf('{')) : series);
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = Json.parseText(Files.readString(MONITORING.resolve("spindle-dashboard.json")), "dashboard");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The rules' expressions: each {@code expr:} value, on one line or as a {@code |} block. */
    private static List<String> ruleExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        List<String> lines = Files.readAllLines(MONITORING.resolve("spindle-alerts.yml"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("expr: |")) {
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith("          ")) {
                    block.append(lines.get(++i).trim()).append(' ');
                }
                expressions.add(block.toString());
            } else if (line.startsWith("expr: ")) {
                expressions.add(line.substring(6));
            }
        }
        return expressions;
    }
}
