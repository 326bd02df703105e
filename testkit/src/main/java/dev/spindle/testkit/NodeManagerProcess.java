package dev.spindle.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A YARN NodeManager in a JVM of its own, as on a real cluster: its web app (container logs, node
 * REST API) answers on its own port instead of sharing the ResourceManager's JVM, where Guice's
 * JVM-wide filter would make every YARN web port serve the last web app started. The process
 * runs {@link NodeManagerMain} with this JVM's class path; its configuration and logs live in
 * {@code home} ({@code conf/yarn-site.xml}, {@code nodemanager.log}), its containers' work and
 * log directories under {@code home} too. It ends when {@link #close()} asks it to (SIGTERM: the
 * NodeManager stops its containers) or when this JVM dies (its standard input closes).
 */
final class NodeManagerProcess implements AutoCloseable {
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final int index;
    private final Path home;
    private final Process process;

    private NodeManagerProcess(int index, Path home, Process process) {
        this.index = index;
        this.home = home;
        this.process = process;
    }

    /** Starts NodeManager {@code index} against the ResourceManager that {@code cluster} names. */
    static NodeManagerProcess start(int index, Path home, Configuration cluster, List<String> jvmOptions)
            throws IOException {
        Path confDir = Files.createDirectories(home.resolve("conf"));
        YarnConfiguration conf = new YarnConfiguration(cluster);
        conf.set(YarnConfiguration.NM_LOCAL_DIRS, Files.createDirectories(home.resolve("local")).toString());
        conf.set(YarnConfiguration.NM_LOG_DIRS, Files.createDirectories(home.resolve("logs")).toString());
        conf.set(YarnConfiguration.NM_ADDRESS, "localhost:0");
        conf.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, "localhost:0");
        conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
        conf.setBoolean(YarnConfiguration.NM_ENABLE_HARDWARE_CAPABILITY_DETECTION, false);
        conf.setBoolean(YarnConfiguration.NM_CONTAINER_MONITOR_ENABLED, false);
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            conf.writeXml(out);
        }
        Path log = home.resolve("nodemanager.log");
        Files.writeString(confDir.resolve("log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO,file",
                "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.file=" + log,
                "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{2}: %m%n",
                "log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR", ""));

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dlog4j.configuration=file:" + confDir.resolve("log4j.properties"),
                "-Dspindle.testkit.nodemanager=" + index));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", confDir + File.pathSeparator + System.getProperty("java.class.path"),
                NodeManagerMain.class.getName()));
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("nodemanager.out").toFile())
                .start(); // standard input stays a pipe from this JVM: NodeManagerMain watches it
        return new NodeManagerProcess(index, home, process);
    }

    int index() {
        return index;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The last lines of its log and output, for a diagnostic when it did not start. */
    String tail() {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("nodemanager.out", "nodemanager.log")) {
            try {
                List<String> lines = Files.readAllLines(home.resolve(name));
                tail.append("--- ").append(home.resolve(name)).append('\n');
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(line -> tail.append(line).append('\n'));
            } catch (IOException e) {
                // not written yet
            }
        }
        return tail.toString();
    }

    /** SIGTERM (the NodeManager's shutdown hook stops its containers), then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public String toString() {
        return "NodeManager " + index + " (pid " + process.pid() + ", " + home + ")";
    }
}
