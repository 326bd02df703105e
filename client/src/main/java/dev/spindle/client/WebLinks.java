package dev.spindle.client;

import java.io.PrintStream;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/**
 * Prints a job's web addresses as soon as they exist: the ResourceManager's page of the
 * application at once, then, when the ApplicationMaster has registered, its tracking page and
 * metrics through the RM's web proxy (the addresses the RM UI links; the AM's own port answers
 * only the proxy).
 */
public final class WebLinks implements AutoCloseable {
    private static final Set<YarnApplicationState> ENDED =
            Set.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    private final Thread thread;

    private WebLinks(Thread thread) {
        this.thread = thread;
    }

    public static WebLinks announce(YarnClient yarn, ApplicationId app, Configuration conf, PrintStream err) {
        err.println("ResourceManager UI: " + WebAppUtils.getRMWebAppURLWithScheme(conf) + "/cluster/app/" + app);
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    ApplicationReport report = yarn.getApplicationReport(app);
                    if (ENDED.contains(report.getYarnApplicationState())) {
                        return;
                    }
                    if (registered(report)) {
                        String tracking = report.getTrackingUrl() + (report.getTrackingUrl().endsWith("/") ? "" : "/");
                        err.println("Tracking UI: " + tracking);
                        err.println("Metrics: " + tracking + "metrics");
                        return;
                    }
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                err.println("Tracking UI: unknown (" + e.getMessage() + ")");
            }
        }, "spindle-web-links");
        thread.setDaemon(true);
        thread.start();
        return new WebLinks(thread);
    }

    /** The AM registered its tracking page: YARN shows the proxy's address of it from then on. */
    private static boolean registered(ApplicationReport report) {
        String original = report.getOriginalTrackingUrl();
        return report.getYarnApplicationState() == YarnApplicationState.RUNNING && original != null
                && !original.isEmpty() && !original.equals("N/A") && report.getTrackingUrl() != null;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }
}
