package dev.spindle.appmaster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.FilterContainer;
import org.apache.hadoop.http.HttpServer2;
import org.apache.hadoop.yarn.server.webproxy.amfilter.AmFilterInitializer;

/**
 * The ApplicationMaster's tracking page, on Hadoop's own web server ({@link HttpServer2}, as YARN's
 * daemons and MapReduce's AM serve theirs) behind YARN's {@code AmIpFilter}: it answers only
 * requests that come through the ResourceManager's web proxy and redirects any other to it, so the
 * page is reached, and access-checked, the way YARN users reach every application's. Every link
 * is relative, so it works under the proxy's {@code /proxy/<application>/} prefix.
 *
 * <ul>
 *   <li>{@code /} the job at a glance ({@link JobView#html});
 *   <li>{@code /api/v1/status}, {@code /api/v1/progress} (Spark-style, one object per batch),
 *       {@code /api/v1/batches}, {@code /api/v1/executors}: JSON;
 *   <li>{@code /metrics} Prometheus text ({@link JobMetrics});
 *   <li>Hadoop's own {@code /jmx}, {@code /conf}, {@code /stacks} and {@code /logLevel}, behind the
 *       same filter.
 * </ul>
 *
 * It only reads: {@code spindle stop} goes through ZooKeeper ({@link AmAttempt#onStopRequest}).
 */
final class TrackingServer implements AutoCloseable {
    private static final String VIEW_ATTRIBUTE = "spindle.job-view";

    private final HttpServer2 server;

    private TrackingServer(HttpServer2 server) {
        this.server = server;
    }

    /** Listens on {@code host}, on a free port. */
    static TrackingServer start(String host, JobView view, Configuration conf) throws IOException {
        HttpServer2 server = new HttpServer2.Builder()
                .setName("spindle")
                .addEndpoint(URI.create("http://" + host + ":0"))
                .setFindPort(true)
                .setConf(conf)
                .build();
        // YARN's AmFilterInitializer computes the proxy hosts and URI bases of this application;
        // its filter is made global so that Hadoop's servlets (/jmx, /conf) sit behind it too.
        new AmFilterInitializer().initFilter(new FilterContainer() {
            @Override
            public void addFilter(String name, String classname, Map<String, String> parameters) {
                server.addGlobalFilter(name, classname, parameters);
            }

            @Override
            public void addGlobalFilter(String name, String classname, Map<String, String> parameters) {
                server.addGlobalFilter(name, classname, parameters);
            }
        }, conf);
        server.setAttribute(VIEW_ATTRIBUTE, view);
        server.addServlet("spindle", "/*", Pages.class);
        server.start();
        return new TrackingServer(server);
    }

    String url() {
        InetSocketAddress address = server.getConnectorAddress(0);
        return "http://" + address.getHostString() + ":" + address.getPort() + "/";
    }

    int port() {
        return server.getConnectorAddress(0).getPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Serves the job's pages; Jetty makes it, so it finds the {@link JobView} in the servlet context. */
    public static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            JobView view = (JobView) getServletContext().getAttribute(VIEW_ATTRIBUTE);
            String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
            switch (path) {
                case "/", "/index.html" -> reply(response, "text/html; charset=utf-8", view.html());
                case "/api/v1/status" -> reply(response, "application/json", view.statusJson());
                case "/api/v1/progress" -> reply(response, "application/json", view.progressJson());
                case "/api/v1/batches" -> reply(response, "application/json", view.batchesJson());
                case "/api/v1/executors" -> reply(response, "application/json", view.executorsJson());
                case "/metrics" -> reply(response, "text/plain; version=0.0.4; charset=utf-8", view.metrics());
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND, "no page " + path);
            }
        }

        private static void reply(HttpServletResponse response, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentType(type);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
