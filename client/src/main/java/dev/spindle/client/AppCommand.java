package dev.spindle.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.state.io.Json;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * {@code spindle status|list|kill|stop}: the applications of Spindle jobs on YARN. {@code kill}
 * ends an application at once (YARN kills its containers; the checkpoint stays consistent);
 * {@code stop} asks the job to stop gracefully after its current batch, through ZooKeeper.
 */
final class AppCommand {
    private final PrintStream out;
    private final PrintStream err;

    AppCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String verb, String[] args) {
        try {
            List<String> overrides = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--conf") && i + 1 < args.length) {
                    overrides.add(args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            args = positional.toArray(String[]::new);
            Configuration conf = CliConfiguration.load(overrides);
            YarnClient yarn = YarnClients.connect(conf);
            try {
                if (verb.equals("list")) {
                    for (ApplicationReport report : yarn.getApplications(Set.of(Submitter.APPLICATION_TYPE),
                            EnumSet.of(YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING,
                                    YarnApplicationState.SUBMITTED, YarnApplicationState.NEW_SAVING))) {
                        out.println(report.getApplicationId() + "  " + report.getName() + "  "
                                + report.getYarnApplicationState() + "  " + report.getTrackingUrl());
                    }
                    return ExitCode.OK;
                }
                if (args.length != 1) {
                    throw new UsageException("usage: spindle " + verb + " APP_ID [--conf key=value]...");
                }
                ApplicationId app = parseId(args[0]);
                ApplicationReport report = yarn.getApplicationReport(app);
                switch (verb) {
                    case "status" -> {
                        out.println(app + "  " + report.getName() + "  " + report.getYarnApplicationState()
                                + "  " + report.getFinalApplicationStatus() + "  " + report.getTrackingUrl()
                                + (report.getDiagnostics() == null || report.getDiagnostics().isEmpty() ? ""
                                        : "\n" + report.getDiagnostics()));
                        if (report.getYarnApplicationState() == YarnApplicationState.RUNNING) {
                            out.println(health(report));
                        }
                    }
                    case "kill" -> {
                        yarn.killApplication(app, "killed with spindle kill");
                        out.println("killed " + app);
                    }
                    case "stop" -> {
                        requestStop(app, report, conf);
                        out.println("asked " + app + " to stop after its current batch");
                    }
                    default -> throw new UsageException("unknown command '" + verb + "'");
                }
                return ExitCode.OK;
            } finally {
                yarn.stop();
            }
        } catch (UsageException | IllegalArgumentException e) {
            err.println("spindle " + verb + ": " + e.getMessage());
            return ExitCode.USAGE;
        } catch (Exception e) {
            err.println("spindle " + verb + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCode.FAILED;
        }
    }

    /**
     * Asks the job to stop after its current batch by writing its {@code stop} znode, found through
     * the job spec in the owner's staging directory: the request goes through HDFS and ZooKeeper,
     * which only the job's owner can read and write on a secured cluster, never through the
     * tracking page that anyone who can route to it could post to.
     */
    private static void requestStop(ApplicationId app, ApplicationReport report, Configuration conf) throws Exception {
        if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
            throw new UsageException(app + " is " + report.getYarnApplicationState() + ", not running");
        }
        StopRequests.request(Submitter.readSpec(conf, report.getUser(), app), app, conf::get);
    }

    /**
     * The job's own one-line status, read from its tracking page through the ResourceManager's web
     * proxy (the page answers nothing else): the AM's status and epoch and the last batch.
     */
    private static String health(ApplicationReport report) {
        String url = report.getTrackingUrl() + (report.getTrackingUrl().endsWith("/") ? "" : "/") + "api/v1/status";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "job: no status (" + url + " answered " + response.statusCode() + ")";
            }
            JsonNode progress = Json.parseText(response.body(), url);
            return "job: " + progress.path("status").asText() + ", epoch " + progress.path("epoch").asLong() + ", "
                    + progress.path("status_line").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "job: no status (interrupted)";
        } catch (Exception e) {
            return "job: no status (" + url + ": " + e.getMessage() + ")";
        }
    }

    private static ApplicationId parseId(String text) throws UsageException {
        try {
            return ApplicationId.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + text + "' is not an application id (application_<timestamp>_<n>)");
        }
    }
}
