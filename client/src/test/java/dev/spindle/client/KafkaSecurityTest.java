package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.JobSpec;
import dev.spindle.testkit.CliProcess;
import dev.spindle.testkit.ClickstreamEvents;
import dev.spindle.testkit.KafkaBroker;
import dev.spindle.testkit.KafkaScram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Kafka broker that takes only SCRAM-authenticated clients (SASL_PLAINTEXT): {@code spindle run
 * --local} loads its input, reads it and writes its output through that listener with
 * {@code spindle.kafka.*} settings whose password is in a secrets file, named through Kafka's
 * FileConfigProvider. The Kafka output equals the file output of a reference run; the password
 * shows in no console output, log file, checkpoint or output file, nor in the job's settings as
 * {@code spindle-submit} ships them. A wrong password fails the run at once with one line; a
 * password or a key Spindle sets itself, given in a setting, is refused with one line.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a broker and child processes: a hang fails it, never the build
class KafkaSecurityTest {
    private static final String TOPIC = "clicks";
    private static final int EVENTS = 2_000;
    private static Path dir;
    private static KafkaScram scram;
    private static KafkaBroker broker;
    private static Map<String, String> settings;
    private static Run reference;

    @BeforeAll
    static void startScramBrokerAndRunReference() throws Exception {
        dir = Files.createTempDirectory("spindle-kafka-security-test-");
        scram = KafkaScram.withRandomPasswords();
        broker = KafkaBroker.startWithScram(dir.resolve("kafka"), Map.of(), scram);
        Path events = dir.resolve("events.jsonl");
        Files.write(events, ClickstreamEvents.generate(new Random(37), EVENTS), StandardCharsets.UTF_8);
        settings = scram.spindleSettings(dir.resolve("kafka-secrets.properties"));
        // creates the topic and loads the input through the SCRAM listener, reads it, writes files
        reference = run("reference", dir.resolve("reference-output").toString(), settings,
                List.of("--input", events.toString()));
        assertEquals(ExitCode.OK, reference.exitCode(), reference.stderr());
        assertTrue(reference.summary().contains("\"records_in\":" + EVENTS), reference.summary());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        FileUtil.fullyDelete(dir.toFile());
    }

    @Test
    void aJobReadsAndWritesThroughTheScramListenerTheRowsOfTheReference() throws Exception {
        broker.createTopic("secured", 3);
        broker.createTopic("secured-dlq", 1);
        Run secured = run("kafka-output", "kafka:secured", settings, List.of());
        assertEquals(ExitCode.OK, secured.exitCode(), secured.stderr());
        assertTrue(secured.summary().contains("\"records_in\":" + EVENTS), secured.summary());
        assertEquals(outputLines(false), CommittedRecords.values(broker.bootstrapServers(), scram.clientSettings(),
                "secured"));
        assertEquals(outputLines(true), CommittedRecords.values(broker.bootstrapServers(), scram.clientSettings(),
                "secured-dlq"));
        assertTrue(secured.log().contains("security.protocol = SASL_PLAINTEXT")
                && secured.log().contains("sasl.jaas.config = [hidden]"), "Kafka's clients logged their settings");
        assertNoPassword("the Kafka-output run", secured.stdout() + secured.stderr() + secured.log());
    }

    @Test
    void thePasswordIsInNoConsoleOutputLogFileCheckpointOrShippedSettings() throws Exception {
        assertNoPassword("the console", reference.stdout() + reference.stderr());
        assertNoPassword("the log file", reference.log());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(file).toString();
                if (name.startsWith("reference-") || name.startsWith("kafka-output-")) { // checkpoints and output
                    assertNoPassword(name, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }
        // the job's settings as spindle-submit ships them: the secrets file goes beside them, privately
        Configuration conf = CliConfiguration.load(settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue()).toList());
        JobSpec spec = new JobSpec("clickstream", TOPIC, broker.bootstrapServers(), URI.create("hdfs:///c"),
                URI.create("kafka:secured"), "available-now", "127.0.0.1:2181", "/spindle", JobSpec.settingsOf(conf));
        KafkaClientFiles shipped = KafkaClientFiles.of(spec.settings());
        ByteArrayOutputStream specFile = new ByteArrayOutputStream();
        shipped.rewrite(spec).write(specFile);
        assertNoPassword("the shipped job settings", specFile.toString(StandardCharsets.ISO_8859_1));
        assertEquals(Map.of("kafka-1-kafka-secrets.properties", dir.resolve("kafka-secrets.properties").toAbsolutePath()),
                shipped.files());
        assertTrue(shipped.rewrite(spec).setting("spindle.kafka.sasl.jaas.config")
                .contains("password=\"${file:kafka-1-kafka-secrets.properties:password}\""));
    }

    @Test
    void aWrongPasswordFailsTheRunAtOnceWithOneLine() throws Exception {
        String wrongPassword = "wrong" + UUID.randomUUID().toString().replace("-", "");
        long begin = System.nanoTime();
        Run refused = run("wrong-password", dir.resolve("wrong-password-output").toString(),
                scram.spindleSettings(dir.resolve("wrong-secrets.properties"), wrongPassword), List.of());
        assertEquals(ExitCode.FAILED, refused.exitCode(), refused.stderr());
        assertTrue((System.nanoTime() - begin) / 1e9 < 30, "failed at once, not after the clients' timeouts");
        List<String> errors = refused.errorLines();
        assertEquals(1, errors.size(), refused.stderr());
        assertTrue(errors.get(0).contains("Kafka refused to authenticate the client (Authentication failed")
                && errors.get(0).contains("check spindle.kafka.security.protocol"), errors.get(0));
        String everything = refused.stdout() + refused.stderr() + refused.log();
        assertFalse(everything.contains(wrongPassword), "the wrong password shows");
        assertNoPassword("the refused run", everything);
    }

    @Test
    void aPasswordInClearOrAKeySpindleSetsItselfIsRefusedWithOneLine() {
        assertRefused("spindle.kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"spindle\" password=\"" + scram.clientPassword() + "\";",
                "'spindle.kafka.sasl.jaas.config' gives password=\"...\" in sasl.jaas.config in clear");
        assertRefused("spindle.kafka.ssl.truststore.password=" + scram.clientPassword(),
                "'spindle.kafka.ssl.truststore.password' gives ssl.truststore.password in clear");
        assertRefused("spindle.kafka.isolation.level=read_uncommitted",
                "'spindle.kafka.isolation.level' is refused: Spindle sets isolation.level itself");
    }

    private static void assertRefused(String setting, String expected) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SpindleCli.run(new String[] {"run", "--local", "--job", "clickstream", "--bootstrap-servers",
            broker.bootstrapServers(), "--checkpoint", dir.resolve("refused-checkpoint").toString(), "--output",
            dir.resolve("refused-output").toString(), "--trigger", "available-now", "--conf", setting},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE, exit, stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains(expected), stderr);
        assertNoPassword("the refusal", stderr);
    }

    private static void assertNoPassword(String where, String text) {
        assertFalse(text.contains(scram.clientPassword()), "the client's password shows in " + where);
        assertFalse(text.contains(scram.adminPassword()), "the admin's password shows in " + where);
    }

    record Run(int exitCode, String stdout, String stderr, String log) {
        String summary() {
            List<String> lines = stdout.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        /** The command's error lines: not the one that says where the libraries log. */
        List<String> errorLines() {
            return stderr.lines().filter(line -> line.startsWith("spindle run: ") && !line.contains(" log to ")).toList();
        }
    }

    /**
     * Runs the clickstream job with {@code spindle run --local} in a child process whose libraries
     * (Kafka's clients among them) log at INFO to {@code <name>.log}, as the sbin/ scripts send them.
     */
    private static Run run(String name, String output, Map<String, String> kafkaSettings, List<String> extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--local", "--job", "clickstream",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", TOPIC,
                "--checkpoint", dir.resolve(name + "-checkpoint").toString(), "--output", output,
                "--trigger", "available-now", "--conf", "spindle.source.max-records-per-batch=500",
                "--conf", "spindle.sink.kafka.transactional-id-prefix=test-" + name));
        args.addAll(confOptions(kafkaSettings));
        args.addAll(extra);
        Path log = dir.resolve(name + ".log");
        Path log4j = Files.writeString(dir.resolve(name + "-log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO, file", "log4j.appender.file=org.apache.log4j.FileAppender",
                "log4j.appender.file.File=" + log, "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{2}: %m%n", ""));
        Process process = CliProcess.start(SpindleCli.class.getName(), args, null, dir.resolve(name + ".err"), false,
                List.of("-Dlog4j.configuration=" + log4j.toUri(), "-Dspindle.root.logger=INFO,file",
                        "-Dspindle.log.dir=" + dir, "-Dspindle.log.file=" + log.getFileName()));
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run ended");
        return new Run(process.exitValue(), stdout, Files.readString(dir.resolve(name + ".err")),
                Files.exists(log) ? Files.readString(log) : "");
    }

    private static List<String> confOptions(Map<String, String> settings) {
        List<String> options = new ArrayList<>();
        settings.forEach((key, value) -> options.addAll(List.of("--conf", key + "=" + value)));
        return options;
    }

    /** The reference run's rows (or dead letters), sorted. */
    private static List<String> outputLines(boolean deadLetters) throws IOException {
        Path folder = deadLetters ? dir.resolve("reference-output").resolve("_dlq") : dir.resolve("reference-output");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return CommittedRecords.sorted(lines);
    }
}
