package dev.spindle.client;

import dev.spindle.api.job.StreamJob;

import dev.spindle.api.Trigger;
import dev.spindle.runtime.JobFailedException;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.security.SecurityOptions;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.sink.KafkaSink;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.sink.SinkOptions;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/**
 * {@code spindle-submit}: puts a job on YARN. Everything that can be checked is checked before
 * anything is submitted — the job and its jar, every configuration value, ZooKeeper's address, the
 * ResourceManager — and a problem fails with one line. Prints the application id and tracking URL;
 * {@code --wait} follows the application to its end.
 */
final class SubmitCommand {
    static final String USAGE = "spindle-submit --job NAME [--jar JOB.jar] --checkpoint DIR --output DIR|kafka:TOPIC"
            + " --bootstrap-servers HOST:PORT [--topic TOPIC] [--trigger TRIGGER] [--principal PRINCIPAL --keytab FILE]"
            + " [--conf key=value]... [--wait]";

    private final PrintStream out;
    private final PrintStream err;

    SubmitCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        try {
            CommandLine line = parse(args);
            Configuration conf = CliConfiguration.load(line.getOptionValues("conf") == null ? List.of()
                    : List.of(line.getOptionValues("conf")));
            JobLocator.Located job = JobLocator.find(line.getOptionValue("job"),
                    line.hasOption("jar") ? Path.of(line.getOptionValue("jar")) : null);
            Trigger trigger = Trigger.parse(line.getOptionValue("trigger", "processing-time=1s"));
            StreamJob stream = job.factory().create();
            CliConfiguration.checkJobSettings(conf, stream);
            if (line.hasOption("principal")) {
                conf.set(SecurityOptions.PRINCIPAL.name(), line.getOptionValue("principal"));
            }
            if (line.hasOption("keytab")) {
                conf.set(SecurityOptions.KEYTAB.name(), Path.of(line.getOptionValue("keytab")).toAbsolutePath().toString());
            }
            return KerberosLogin.doAs(KerberosLogin.submitter(conf), () -> submit(line, conf, job, stream, trigger));
        } catch (UsageException | IllegalArgumentException | JobFailedException e) {
            err.println("spindle-submit: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (Exception e) {
            err.println("spindle-submit: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCode.FAILED;
        }
    }

    private int submit(CommandLine line, Configuration conf, JobLocator.Located job, StreamJob stream, Trigger trigger)
            throws Exception {
        JobSpec spec = spec(line, conf, stream.topic(), trigger);
        SpindleHome.libDir();
        YarnClient yarn = YarnClients.connect(conf);
        try {
            ApplicationId app = Submitter.submit(yarn, new Submitter.Request(spec, job.jar(), conf));
            out.println("submitted " + app);
            if (!line.hasOption("wait")) {
                out.println("ResourceManager UI: " + WebAppUtils.getRMWebAppURLWithScheme(conf) + "/cluster/app/" + app);
                return ExitCode.OK;
            }
            try (WebLinks links = WebLinks.announce(yarn, app, conf, err)) {
                return follow(yarn, app);
            }
        } finally {
            yarn.stop();
        }
    }

    /** The job spec of a submission; fails with one line on any bad value. */
    static JobSpec spec(CommandLine line, Configuration conf, String defaultTopic, Trigger trigger) throws Exception {
        String zooKeeper = CoordinationOptions.ZOOKEEPER_CONNECT.read(conf::get);
        if (zooKeeper.isEmpty()) {
            throw new UsageException(CoordinationOptions.ZOOKEEPER_CONNECT.name()
                    + " is not set: jobs on YARN coordinate in ZooKeeper");
        }
        FileSystem fs = FileSystem.get(conf);
        URI checkpoint = fs.makeQualified(new org.apache.hadoop.fs.Path(line.getOptionValue("checkpoint"))).toUri();
        String outputOption = line.getOptionValue("output");
        URI output;
        if (OutputLocation.isKafka(outputOption)) {
            output = URI.create(outputOption);
            String servers = SinkOptions.BOOTSTRAP_SERVERS.read(conf::get);
            KafkaSink.validate(servers.isEmpty() ? line.getOptionValue("bootstrap-servers") : servers,
                    KafkaClientSettings.from(conf), OutputLocation.under(output).kafkaTopics(),
                    SinkOptions.TRANSACTION_TIMEOUT.read(conf::get));
        } else {
            output = fs.makeQualified(new org.apache.hadoop.fs.Path(outputOption)).toUri();
        }
        Map<String, String> settings = JobSpec.settingsOf(conf);
        return new JobSpec(line.getOptionValue("job"), line.getOptionValue("topic", defaultTopic),
                line.getOptionValue("bootstrap-servers"), checkpoint, output, trigger.toString(), zooKeeper,
                CoordinationOptions.ZOOKEEPER_ROOT.read(conf::get), settings);
    }

    /** Waits for the application to end; prints its final status and diagnostics. */
    int follow(YarnClient yarn, ApplicationId app) throws Exception {
        ApplicationReport report = Submitter.awaitEnd(yarn, app, Duration.ofDays(365));
        out.println(app + " " + report.getYarnApplicationState() + " " + report.getFinalApplicationStatus());
        out.println(report.getDiagnostics());
        return report.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED ? ExitCode.OK : ExitCode.FAILED;
    }


    private static CommandLine parse(String[] args) throws UsageException {
        return CommandLines.parse(args, USAGE, List.of("wait"), List.of("job", "jar", "checkpoint", "output",
                "bootstrap-servers", "topic", "trigger", "principal", "keytab", "conf"),
                List.of("job", "checkpoint", "output", "bootstrap-servers"));
    }
}
