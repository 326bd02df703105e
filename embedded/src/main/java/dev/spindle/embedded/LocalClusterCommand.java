package dev.spindle.embedded;

import dev.spindle.api.Trigger;
import dev.spindle.api.table.StaticTable;
import dev.spindle.client.CliConfiguration;
import dev.spindle.client.CommandLines;
import dev.spindle.client.ExitCode;
import dev.spindle.client.JobLocator;
import dev.spindle.client.LocalPaths;
import dev.spindle.client.RunSignals;
import dev.spindle.client.SpindleCli;
import dev.spindle.client.SpindleHome;
import dev.spindle.client.StopRequests;
import dev.spindle.client.Submitter;
import dev.spindle.client.UsageException;
import dev.spindle.client.WebLinks;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.state.io.Json;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * {@code spindle-local}: the whole product on one machine. Starts the embedded stack (HDFS, YARN,
 * ZooKeeper, Kafka), creates the input topic and loads {@code --input} into it, submits the job to
 * the embedded YARN through the same path as {@code spindle-submit}, waits for it, copies the rows
 * and dead letters to the local {@code --output}, and prints the run's summary as the last line of
 * stdout. {@code --kill-executor-every-batches K} SIGKILLs an executor container at a seeded random
 * point inside about every K-th batch; the output must not change. Ctrl-C (or TERM) asks the job
 * to stop after its batch in flight, as {@code spindle stop} does, and then shuts the stack down:
 * the way a processing-time run ends (exit 0); a second signal stops everything at once.
 */
public final class LocalClusterCommand {
    static final String USAGE = "spindle-local --job NAME [--jar JOB.jar] --input FILE --output DIR --trigger TRIGGER"
            + " [--partitions N] [--executors N] [--conf key=value]... [--kill-executor-every-batches K] [--seed S]";
    private static final String CHECKPOINT = "/spindle-local/checkpoint";
    private static final String OUTPUT = "/spindle-local/output";

    private final PrintStream out;
    private final PrintStream err;
    private final long started = System.currentTimeMillis();

    LocalClusterCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code sbin/spindle-local}. */
    public static void main(String[] args) {
        SpindleCli.announceLogFile("spindle-local", System.err);
        System.exit(new LocalClusterCommand(System.out, System.err).run(args));
    }

    /** Runs {@code spindle-local} with {@code args}; returns its exit code ({@link ExitCode}). */
    public int run(String[] args) {
        try (RunSignals signals = RunSignals.interrupting(Thread.currentThread())) {
            return run(args, signals);
        }
    }

    private int run(String[] args, RunSignals signals) {
        CommandLine line;
        JobLocator.Located job;
        Configuration settings;
        try {
            line = parse(args);
            job = JobLocator.find(line.getOptionValue("job"),
                    line.hasOption("jar") ? Path.of(line.getOptionValue("jar")) : null);
            Trigger.parse(line.getOptionValue("trigger"));
            settings = CliConfiguration.load(line.getOptionValues("conf") == null ? List.of()
                    : List.of(line.getOptionValues("conf")));
            CliConfiguration.checkJobSettings(settings, job.factory().create());
            readTablesLocally(settings, job.factory().create().tables().stream().map(StaticTable::pathSetting).toList());
            LocalPaths.inputFile(line.getOptionValue("input"));
            LocalPaths.writableDirectory("output directory", Path.of(line.getOptionValue("output")).toAbsolutePath().toUri(),
                    settings);
        } catch (UsageException | IllegalArgumentException e) {
            err.println("spindle-local: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            err.println("spindle-local: " + e.getMessage());
            return ExitCode.FAILED;
        }
        Path base = null;
        try {
            Path dir = Files.createTempDirectory("spindle-local-");
            base = dir;
            signals.cleanUpOnExit(() -> FileUtil.fullyDelete(dir.toFile()));
            try (SpindleTestCluster cluster = SpindleTestCluster.builder().baseDir(base).nodeManagers(2).start()) {
                signals.cleanUpOnExit(cluster::close); // a second signal: the cluster's processes go too
                err.println("spindle-local: embedded stack up (" + cluster.startupReport() + ")");
                return runOn(cluster, line, job, settings, signals);
            }
        } catch (Exception e) {
            if (signals.received() != null) {
                Thread.interrupted();
                err.println("spindle-local: stopped by SIG" + signals.received() + "; the embedded stack is shut down");
                out.println(RunSummary.stoppedBeforeStart(System.currentTimeMillis() - started).toJson());
                return ExitCode.interruptedBy(signals.received());
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("spindle-local: " + reason);
            out.println(RunSummary.failed(reason, System.currentTimeMillis() - started).toJson());
            return ExitCode.FAILED;
        } finally {
            if (base != null) {
                FileUtil.fullyDelete(base.toFile());
            }
        }
    }

    /**
     * A table path without a scheme names a file on this machine, not on the embedded HDFS: it
     * becomes a {@code file://} URI, which the ApplicationMaster (on this machine) reads.
     *
     * @throws UsageException when such a file does not exist
     */
    private static void readTablesLocally(Configuration settings, List<String> tableSettings) throws UsageException {
        for (String name : tableSettings) {
            String value = settings.get(name).trim();
            if (URI.create(value.replace(" ", "%20")).getScheme() != null) {
                continue;
            }
            Path file = Path.of(value).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new UsageException(name + ": " + file + " does not exist or is not a file");
            }
            settings.set(name, file.toUri().toString());
        }
    }

    private int runOn(SpindleTestCluster cluster, CommandLine line, JobLocator.Located job, Configuration settings,
            RunSignals signals) throws Exception {
        int partitions = positive(line.getOptionValue("partitions", "4"), "--partitions");
        String topic = job.factory().create().topic();
        cluster.createTopic(topic, partitions);
        long loaded = InputLoader.load(Path.of(line.getOptionValue("input")), job.factory(),
                cluster.kafkaBootstrapServers(), topic, partitions);
        err.println("spindle-local: loaded " + loaded + " records into '" + topic + "' (" + partitions + " partitions)");

        Configuration conf = cluster.configuration();
        // What the user gave (spindle-site.xml, --conf), not the *-default.xml values every
        // Configuration carries: those would replace the embedded stack's own addresses.
        settings.forEach(entry -> {
            String[] sources = settings.getPropertySources(entry.getKey());
            if (sources == null || !Arrays.stream(sources).allMatch(source -> source.endsWith("-default.xml"))) {
                conf.set(entry.getKey(), entry.getValue());
            }
        });
        conf.set("spindle.zookeeper.connect", cluster.zooKeeperConnectString());
        conf.set("spindle.executors", Integer.toString(positive(line.getOptionValue("executors", "2"), "--executors")));
        conf.setIfUnset("spindle.yarn.executor.memory-mb", "384");
        conf.setIfUnset("spindle.executor.state-memory", Long.toString(64L * 1024 * 1024));
        conf.setIfUnset("spindle.yarn.am.memory-mb", "256");
        JobSpec spec = spec(conf, line, topic, cluster);
        ApplicationId app = Submitter.submit(cluster.yarnClient(), new Submitter.Request(spec, job.jar(), conf));
        err.println("spindle-local: submitted " + app);
        // From now on Ctrl-C (or TERM) stops the job after its batch in flight, as spindle stop does;
        // the output and summary are then what it committed, and the stack shuts down cleanly.
        Thread waiting = Thread.currentThread();
        signals.onStop(() -> {
            err.println("spindle-local: stopping " + app + " after its batch in flight (again to stop at once)");
            try {
                StopRequests.request(spec, app, conf::get);
            } catch (Exception e) {
                err.println("spindle-local: cannot ask the job to stop (" + e.getMessage() + "); killing it");
                waiting.interrupt();
            }
        });

        List<AutoCloseable> watchers = new ArrayList<>();
        watchers.add(WebLinks.announce(cluster.yarnClient(), app, conf, err));
        FileSystem fs = cluster.fileSystem();
        watchers.add(ProgressPrinter.start(fs, new org.apache.hadoop.fs.Path(CHECKPOINT), err));
        if (line.hasOption("kill-executor-every-batches")) {
            long seed = Long.parseLong(line.getOptionValue("seed", Long.toString(System.nanoTime() % 1_000_000)));
            int every = positive(line.getOptionValue("kill-executor-every-batches"), "--kill-executor-every-batches");
            err.println("spindle-local: killing an executor in about every " + every + " batches, seed " + seed);
            watchers.add(ExecutorKiller.start(cluster, app, new org.apache.hadoop.fs.Path(CHECKPOINT), every, seed, err));
        }
        ApplicationReport report;
        try {
            report = Submitter.awaitEnd(cluster.yarnClient(), app, Duration.ofHours(12));
        } catch (InterruptedException e) {
            cluster.yarnClient().killApplication(app, "spindle-local stopped by SIG" + signals.received());
            throw e;
        } finally {
            for (AutoCloseable watcher : watchers) {
                watcher.close();
            }
        }
        copyOutput(fs, Path.of(line.getOptionValue("output")));
        String summary = summary(report);
        out.println(summary);
        if (report.getFinalApplicationStatus() != FinalApplicationStatus.SUCCEEDED) {
            return ExitCode.FAILED;
        }
        if (signals.received() != null) {
            err.println("spindle-local: stopped by SIG" + signals.received() + " after a committed batch; shutting down the embedded"
                    + " stack");
            // A processing-time run has no end of its own: a signal is how it ends.
            return Trigger.parse(line.getOptionValue("trigger")) instanceof Trigger.ProcessingTime
                    ? ExitCode.OK : ExitCode.interruptedBy(signals.received());
        }
        return ExitCode.OK;
    }

    private static JobSpec spec(Configuration conf, CommandLine line, String topic, SpindleTestCluster cluster) {
        Map<String, String> settings = JobSpec.settingsOf(conf);
        URI fs = cluster.fileSystem().getUri();
        return new JobSpec(line.getOptionValue("job"), topic, cluster.kafkaBootstrapServers(),
                URI.create(fs + CHECKPOINT), URI.create(fs + OUTPUT), Trigger.parse(line.getOptionValue("trigger")).toString(),
                cluster.zooKeeperConnectString(), "/spindle", settings);
    }

    /** The AM's summary (its final diagnostics) with this command's elapsed time, or a FAILED summary. */
    private String summary(ApplicationReport report) throws Exception {
        long elapsed = System.currentTimeMillis() - started;
        String diagnostics = report.getDiagnostics() == null ? "" : report.getDiagnostics().trim();
        if (report.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED && diagnostics.startsWith("{")) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(diagnostics);
            node.put("elapsed_ms", elapsed);
            return node.toString();
        }
        String reason = report.getFinalApplicationStatus() + ": " + diagnostics.lines().findFirst().orElse("no diagnostics");
        return RunSummary.failed(reason, elapsed).toJson();
    }

    /** Copies rows and dead letters to the local output directory (adding to it, never overwriting). */
    private static void copyOutput(FileSystem fs, Path local) throws Exception {
        org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(OUTPUT);
        if (!fs.exists(output)) {
            return;
        }
        for (var status : fs.listStatus(output)) {
            copy(fs, status.getPath(), local);
        }
    }

    private static void copy(FileSystem fs, org.apache.hadoop.fs.Path source, Path target) throws Exception {
        String name = source.getName();
        if (fs.getFileStatus(source).isDirectory()) {
            for (var child : fs.listStatus(source)) {
                copy(fs, child.getPath(), target.resolve(name));
            }
            return;
        }
        if (name.startsWith(".")) {
            return;
        }
        Files.createDirectories(target);
        Path file = target.resolve(name);
        if (!Files.exists(file)) {
            try (var in = fs.open(source)) {
                Files.copy(in, file);
            }
        }
    }

    private static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " must be a whole number >= 1, got '" + text + "'");
    }

    private static CommandLine parse(String[] args) throws UsageException {
        return CommandLines.parse(args, USAGE, List.of(), List.of("job", "jar", "input", "output", "trigger", "partitions",
                "executors", "conf", "kill-executor-every-batches", "seed"), List.of("job", "input", "output", "trigger"));
    }
}
