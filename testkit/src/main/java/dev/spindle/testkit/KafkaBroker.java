package dev.spindle.testkit;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.hadoop.fs.FileUtil;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One Kafka broker in KRaft mode inside this JVM: the server {@code kafka-server-start.sh} runs,
 * as combined broker and controller, listening on 127.0.0.1 only: PLAINTEXT, or SASL_PLAINTEXT with
 * SCRAM ({@link #startWithScram}). Part of {@link SpindleTestCluster}; also started alone by local
 * mode when no broker is given.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Optional<KafkaScram> scram;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, Optional<KafkaScram> scram) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.scram = scram;
    }

    /** Formats {@code dataDir} and starts a broker there; {@code overrides} are broker settings. */
    public static KafkaBroker start(Path dataDir, Map<String, String> overrides) throws Exception {
        return start(dataDir, overrides, Optional.empty());
    }

    /**
     * As {@link #start}, with a client listener that takes only clients authenticated by SCRAM as
     * one of {@code scram}'s users ({@link #clientSettings()} has the client user's settings).
     */
    public static KafkaBroker startWithScram(Path dataDir, Map<String, String> overrides, KafkaScram scram)
            throws Exception {
        return start(dataDir, overrides, Optional.of(scram));
    }

    /**
     * Starts a broker, on new ports and a fresh data directory when the ports chosen were taken
     * before the broker could bind them: between choosing a free port and binding it, another
     * socket of this machine (a client's ephemeral port, a server starting beside it) may take it.
     */
    private static KafkaBroker start(Path dataDir, Map<String, String> overrides, Optional<KafkaScram> scram)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dataDir, overrides, scram);
            } catch (Exception e) {
                if (attempt == PORT_ATTEMPTS || !portTaken(e)) {
                    throw e;
                }
                FileUtil.fullyDelete(dataDir.toFile());
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static KafkaBroker startOnce(Path dataDir, Map<String, String> overrides, Optional<KafkaScram> scram)
            throws Exception {
        String logDir = Files.createDirectories(dataDir).toString();
        // KRaft needs the controller's port before the server binds it.
        int brokerPort = FreePorts.loopback();
        int controllerPort = FreePorts.loopback();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        scram.ifPresent(users -> props.putAll(users.brokerSettings(brokerPort, controllerPort)));
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);

        new Formatter()
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(logDir)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .setScramArguments(scram.map(KafkaScram::formatterArguments).orElse(List.of()))
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();

        // A broker in a test JVM must never halt it: a fatal fault becomes an exception.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("embedded Kafka broker asked to exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("embedded Kafka broker asked to halt(" + status + "): " + message);
        });
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, "127.0.0.1:" + brokerPort, scram);
        try {
            server.startup();
            broker.awaitReady();
            return broker;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    private void awaitReady() {
        try (Admin admin = admin()) {
            Await.until(READY_TIMEOUT, "the Kafka broker to register",
                    () -> admin.describeCluster().nodes().get().size() == 1);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * What a Kafka client needs besides {@link #bootstrapServers()} to connect: with SCRAM, the
     * client user's {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config};
     * none for a PLAINTEXT broker.
     */
    public Map<String, String> clientSettings() {
        return scram.map(KafkaScram::clientSettings).orElse(Map.of());
    }

    /** The SCRAM users of a broker started with {@link #startWithScram}. */
    public Optional<KafkaScram> scram() {
        return scram;
    }

    /** Creates a topic with replication factor 1. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            // the controller has the topic; a producer sent to it now may wait for leaders
            Await.until(READY_TIMEOUT, "a leader for every partition of " + name, () -> admin
                    .describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().stream()
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty()));
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        scram.ifPresent(users -> props.putAll(users.adminClientSettings()));
        return Admin.create(props);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
