package dev.spindle.client;

import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.coordination.Zk;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * {@code spindle status|list|kill|stop}: the applications of Spindle jobs on YARN. {@code kill}
 * ends an application at once (YARN kills its containers; the checkpoint stays consistent);
 * {@code stop} asks the job to stop gracefully after its current batch.
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
            Configuration conf = CliConfiguration.load(List.of());
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
                    throw new UsageException("usage: spindle " + verb + " APP_ID");
                }
                ApplicationId app = parseId(args[0]);
                ApplicationReport report = yarn.getApplicationReport(app);
                switch (verb) {
                    case "status" -> out.println(app + "  " + report.getName() + "  " + report.getYarnApplicationState()
                            + "  " + report.getFinalApplicationStatus() + "  " + report.getTrackingUrl()
                            + (report.getDiagnostics() == null || report.getDiagnostics().isEmpty() ? ""
                                    : "\n" + report.getDiagnostics()));
                    case "kill" -> {
                        yarn.killApplication(app, "killed with spindle kill");
                        out.println("killed " + app);
                    }
                    case "stop" -> {
                        requestStop(conf, report.getName().substring(Submitter.NAME_PREFIX.length()));
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
            return ExitCode.USAGE_OR_IO;
        } catch (Exception e) {
            err.println("spindle " + verb + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCode.USAGE_OR_IO;
        }
    }

    /** Sets the job's {@code run} znode to STOP; the leading ApplicationMaster watches it. */
    private static void requestStop(Configuration conf, String job) throws Exception {
        String connect = CoordinationOptions.ZOOKEEPER_CONNECT.read(conf::get);
        if (connect.isEmpty()) {
            throw new UsageException(CoordinationOptions.ZOOKEEPER_CONNECT.name() + " is not set");
        }
        JobZnodes znodes = new JobZnodes(CoordinationOptions.ZOOKEEPER_ROOT.read(conf::get), job);
        try (CuratorFramework zk = Zk.connect(connect, Duration.ofSeconds(30))) {
            zk.setData().forPath(znodes.run(), "{\"status\":\"STOP\"}".getBytes(StandardCharsets.UTF_8));
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
