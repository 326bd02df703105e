package dev.spindle.client;

import dev.spindle.api.Trigger;
import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.JobFailedException;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.kafka.KafkaFailures;
import dev.spindle.runtime.local.LocalRun;
import dev.spindle.runtime.sink.KafkaSink;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.SinkOptions;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.runtime.source.KafkaPartitionSource;
import dev.spindle.state.io.CheckpointInUseException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.commons.cli.CommandLine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code spindle run --local}: runs a job in this JVM, a thread per task, checkpoint on the
 * local file system; with an embedded Kafka broker when no {@code --bootstrap-servers} is given,
 * after loading {@code --input} into the topic when given. Progress goes to stderr; the last line
 * on stdout is the run's JSON summary. The input file and the output and checkpoint directories
 * are checked before anything starts. SIGINT or SIGTERM stop the run after its batch in flight
 * (status STOPPED) and everything it made in the temporary directory is removed. Exit codes:
 * {@link ExitCode}.
 */
final class LocalRunCommand {
    static final String USAGE = "spindle run --local --job NAME [--jar JOB.jar] --output DIR|kafka:TOPIC --checkpoint DIR --trigger TRIGGER"
            + " [--input FILE] [--bootstrap-servers HOST:PORT] [--topic TOPIC] [--partitions N] [--conf key=value]...";

    private final PrintStream out;
    private final PrintStream err;
    private final long started = System.currentTimeMillis();

    LocalRunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        try (RunSignals signals = RunSignals.interrupting(Thread.currentThread())) {
            return run(args, signals);
        }
    }

    private int run(String[] args, RunSignals signals) {
        CommandLine line;
        JobFactory factory;
        StreamJob job;
        Trigger trigger;
        Configuration conf;
        int partitions;
        Path input;
        try {
            line = parse(args);
            factory = JobLocator.find(line.getOptionValue("job"),
                    line.hasOption("jar") ? Path.of(line.getOptionValue("jar")) : null).factory();
            // the job's own libraries, for code that looks them up through the thread (its tasks' threads inherit it)
            Thread.currentThread().setContextClassLoader(factory.getClass().getClassLoader());
            trigger = Trigger.parse(line.getOptionValue("trigger"));
            conf = CliConfiguration.load(List.of(line.getOptionValues("conf") == null ? new String[0]
                    : line.getOptionValues("conf")));
            partitions = parsePartitions(line.getOptionValue("partitions", "4"));
            input = line.hasOption("input") ? LocalPaths.inputFile(line.getOptionValue("input")) : null;
            URI output = location(line.getOptionValue("output"));
            if (!OutputLocation.isKafka(output.toString())) {
                LocalPaths.writableDirectory("output directory", output, conf);
            }
            LocalPaths.writableDirectory("checkpoint directory", location(line.getOptionValue("checkpoint")), conf);
            job = factory.create();
            CliConfiguration.checkJobSettings(conf, job);
        } catch (UsageException | IllegalArgumentException | IOException e) {
            err.println("spindle run: " + e.getMessage());
            return ExitCode.USAGE;
        }
        EmbeddedBroker.Starter starter = null;
        if (!line.hasOption("bootstrap-servers")) {
            starter = EmbeddedBroker.starter().orElse(null);
            if (starter == null) {
                err.println("spindle run: no --bootstrap-servers, and no embedded Kafka broker to start here: give"
                        + " the brokers with --bootstrap-servers, or run it with the spindle-embedded module (sbin/spindle run"
                        + " in a source build)");
                return ExitCode.USAGE;
            }
        }
        String topic = line.getOptionValue("topic", job.topic());
        KafkaClientSettings kafkaClients = KafkaClientSettings.from(conf);
        Path brokerDir = null;
        EmbeddedBroker broker = null;
        RunSummary summary;
        boolean refused = false;
        try {
            String bootstrap = line.getOptionValue("bootstrap-servers");
            if (bootstrap == null) {
                Path dir = Files.createTempDirectory("spindle-local-kafka-");
                brokerDir = dir;
                signals.cleanUpOnExit(() -> FileUtil.fullyDelete(dir.toFile()));
                broker = starter.start(brokerDir);
                bootstrap = broker.bootstrapServers();
                err.println("spindle run: embedded Kafka broker at " + bootstrap);
            }
            ensureTopic(bootstrap, kafkaClients, topic, partitions);
            if (SinkOptions.BOOTSTRAP_SERVERS.read(conf::get).isEmpty()) {
                conf.set(SinkOptions.BOOTSTRAP_SERVERS.name(), bootstrap); // a Kafka output goes to the input's cluster
            }
            OutputLocation output = OutputLocation.under(location(line.getOptionValue("output")));
            if (output.isKafka()) {
                try {
                    KafkaSink.validate(SinkOptions.BOOTSTRAP_SERVERS.read(conf::get), kafkaClients,
                            output.kafkaTopics(), SinkOptions.TRANSACTION_TIMEOUT.read(conf::get));
                } catch (JobFailedException e) {
                    err.println("spindle run: " + e.getMessage());
                    return ExitCode.USAGE;
                }
            }
            if (input != null) {
                long loaded = InputLoader.load(input, factory, bootstrap, kafkaClients, topic, partitions);
                err.println("spindle run: loaded " + loaded + " records from " + input + " into '" + topic + "'");
            }
            if (signals.received() != null) {
                summary = RunSummary.stoppedBeforeStart(0);
            } else {
                try (KafkaPartitionSource source = new KafkaPartitionSource(bootstrap, topic, kafkaClients)) {
                    LocalRun run = new LocalRun();
                    signals.onStop(run::stop); // from now on a signal ends the run after its batch in flight
                    summary = run.run(new LocalRun.Settings(job, topic, source,
                            location(line.getOptionValue("checkpoint")), output, trigger, conf), progress());
                }
            }
        } catch (Exception e) {
            if (signals.received() != null) { // a signal interrupted the broker's start or the load
                Thread.interrupted();
                summary = RunSummary.stoppedBeforeStart(0);
            } else {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                err.println("spindle run: " + message);
                summary = RunSummary.failed(message, 0);
                refused = e instanceof CheckpointInUseException;
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (brokerDir != null) {
                FileUtil.fullyDelete(brokerDir.toFile());
            }
        }
        // Printed once everything is cleaned up, so that it is the last line on stdout.
        out.println(summary.withElapsed(System.currentTimeMillis() - started).toJson());
        return switch (summary.status()) {
            case RunSummary.SUCCEEDED -> ExitCode.OK;
            case RunSummary.STOPPED -> stopped(signals, trigger);
            default -> refused ? ExitCode.REFUSED : ExitCode.FAILED;
        };
    }

    /**
     * A run a signal stopped: exit 0 for a processing-time run (its normal end), 128 + the signal
     * for one stopped before its trigger's end.
     */
    private int stopped(RunSignals signals, Trigger trigger) {
        if (signals.received() == null) {
            return ExitCode.OK; // stopped as asked by other means
        }
        err.println("spindle run: stopped by SIG" + signals.received()
                + (trigger instanceof Trigger.ProcessingTime ? "" : " before the end of its " + trigger + " run"));
        return trigger instanceof Trigger.ProcessingTime ? ExitCode.OK : ExitCode.interruptedBy(signals.received());
    }

    private BatchListener progress() {
        return (plan, commit, timings) -> err.printf("batch %d: %s records, %s malformed, %s late, %s duplicate, %s rows,"
                        + " watermark %s, %d ms%n", plan.batch(), commit.properties().get("records_in"),
                commit.properties().get("records_malformed"), commit.properties().get("records_late"),
                commit.properties().get("records_duplicate"), commit.properties().get("rows_out"),
                plan.watermark() == null ? "-inf" : plan.watermark(), timings.totalMillis());
    }

    private static CommandLine parse(String[] args) throws UsageException {
        CommandLine line = CommandLines.parse(args, USAGE, List.of("local"), List.of("job", "jar", "output", "checkpoint",
                "trigger", "input", "bootstrap-servers", "topic", "partitions", "conf"), List.of());
        if (!line.hasOption("local")) {
            throw new UsageException("only --local runs here; submit to YARN with spindle-submit; usage: " + USAGE);
        }
        CommandLines.require(line, USAGE, List.of("job", "output", "checkpoint", "trigger"));
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("unexpected argument '" + line.getArgList().get(0) + "'; usage: " + USAGE);
        }
        return line;
    }

    private static int parsePartitions(String text) {
        try {
            int partitions = Integer.parseInt(text);
            if (partitions >= 1) {
                return partitions;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--partitions must be a whole number >= 1, got '" + text + "'");
    }

    /** A path with a scheme as given; a plain path on the local file system. */
    static URI location(String path) {
        URI uri = URI.create(path.replace(" ", "%20"));
        return uri.getScheme() != null ? uri : Path.of(path).toAbsolutePath().toUri();
    }

    private static void ensureTopic(String bootstrap, KafkaClientSettings kafkaClients, String topic, int partitions)
            throws IOException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(kafkaClients.over(props))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (KafkaException e) { // the client cannot be made: a setting, a JAAS entry, a secrets file
            throw KafkaFailures.of("cannot create topic '" + topic + "' at " + bootstrap, e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw KafkaFailures.of("cannot create topic '" + topic + "' at " + bootstrap, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
