package dev.spindle.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.testkit.fixtures.MarkerApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** Proves that every part of the cluster is real: bytes on HDFS, processes on YARN, a Kafka log, a ZooKeeper quorum. */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class SpindleTestClusterTest {
    private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final SpindleClusterExtension CLUSTER = new SpindleClusterExtension();

    @Test
    void startsAllFourServices() {
        Map<String, Duration> times = CLUSTER.cluster().startupTimes();
        System.out.println("SpindleTestCluster startup: " + CLUSTER.cluster().startupReport());
        assertEquals(Set.of("hdfs", "yarn", "zookeeper", "kafka", "all"), times.keySet());
    }

    @Test
    void hdfsReadsBackTheBytesItWasGiven() throws Exception {
        FileSystem fs = CLUSTER.cluster().fileSystem();
        byte[] written = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(written);
        Path file = new Path("/hdfs-test/bytes");
        try (FSDataOutputStream out = fs.create(file)) {
            out.write(written);
            out.hsync();
        }
        byte[] read = new byte[written.length];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(read);
            assertEquals(-1, in.read());
        }
        assertArrayEquals(written, read);
        assertTrue(fs.getUri().getScheme().equals("hdfs"), "a real HDFS, not the local file system");
    }

    @Test
    void yarnRunsAnApplicationMasterWhoseContainerWritesAMarker() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String dir = "/yarn-test/marker";
        ApplicationId app = MarkerApplication.submit(cluster, dir, "marker");

        ApplicationReport report = awaitFinished(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertTrue(report.getDiagnostics().contains("exit status 0"), report.getDiagnostics());
        assertTrue(read(new Path(dir, "marker")).startsWith("written by container_"));
    }

    /**
     * The ResourceManager's UI, REST API and web proxy answer at the address the written
     * HADOOP_CONF_DIR names, tracking URLs carry that real port, and each NodeManager's web app
     * answers on its own port (in one JVM, Guice would make every port serve the last web app).
     */
    @Test
    void everyYarnWebAppAnswersAtTheAddressTheConfigurationNames() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        Configuration written = new Configuration(false);
        written.addResource(new Path(cluster.hadoopConfDir().resolve("yarn-site.xml").toUri()));
        String rm = "http://" + written.get(YarnConfiguration.RM_WEBAPP_ADDRESS);
        assertEquals(rm, cluster.resourceManagerWebUrl());
        assertTrue(get(rm + "/ws/v1/cluster/info").contains("\"resourceManagerVersion\""));

        ApplicationId app = MarkerApplication.submit(cluster, "/yarn-test/web", "marker");
        Await.until(APP_TIMEOUT, "a tracking URL for " + app, () -> cluster.yarnClient().getApplicationReport(app)
                .getTrackingUrl().startsWith("http"));
        String trackingUrl = cluster.yarnClient().getApplicationReport(app).getTrackingUrl();
        assertTrue(trackingUrl.startsWith(rm + "/proxy/" + app + "/"), trackingUrl);
        awaitFinished(app);
        assertTrue(get(rm + "/cluster/app/" + app).contains(app.toString()));
        assertTrue(get(rm + "/ws/v1/cluster/apps/" + app).contains("\"FINISHED\""));

        String nodes = get(rm + "/ws/v1/cluster/nodes");
        java.util.regex.Matcher address = java.util.regex.Pattern.compile("\"nodeHTTPAddress\":\"([^\"]+)\"").matcher(nodes);
        Set<String> nodeAddresses = new HashSet<>();
        while (address.find()) {
            nodeAddresses.add(address.group(1));
        }
        assertEquals(2, nodeAddresses.size(), nodes);
        for (String node : nodeAddresses) {
            assertTrue(get("http://" + node + "/ws/v1/node/info").contains("\"nodeManagerVersion\""), node);
        }
    }

    @Test
    void aContainerKilledThroughTheTestkitIsSeenByItsMasterWithExitStatus137() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        String dir = "/yarn-test/kill";
        ApplicationId app = MarkerApplication.submit(cluster, dir, "wait");
        Await.until(APP_TIMEOUT, "the worker to start", () -> cluster.fileSystem().exists(new Path(dir, "started")));

        ContainerProcess worker = workerOf(app);
        assertEquals(read(new Path(dir, "started")), worker.containerId().toString());
        worker.kill();

        ApplicationReport report = awaitFinished(app);
        assertTrue(report.getDiagnostics().contains(worker.containerId() + " exit status 137"), report.getDiagnostics());
        assertFalse(cluster.fileSystem().exists(new Path(dir, "marker")));
    }

    @Test
    void aPausedContainerMakesNoProgressUntilResumed() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        FileSystem fs = cluster.fileSystem();
        String dir = "/yarn-test/pause";
        String control = "/yarn-test/pause-control";
        ApplicationId app = MarkerApplication.submit(cluster, dir, "wait");
        ApplicationId running = MarkerApplication.submit(cluster, control, "wait");
        Await.until(APP_TIMEOUT, "both workers to start",
                () -> fs.exists(new Path(dir, "started")) && fs.exists(new Path(control, "started")));

        ContainerProcess worker = workerOf(app);
        worker.pause();
        fs.create(new Path(dir, "go")).close();
        fs.create(new Path(control, "go")).close();
        // The control worker, told to go at the same moment, finishes: the paused one had the same time.
        Await.until(APP_TIMEOUT, "the running control worker's marker", () -> fs.exists(new Path(control, "marker")));
        assertEquals(FinalApplicationStatus.SUCCEEDED, awaitFinished(running).getFinalApplicationStatus());
        assertTrue(worker.isPaused());
        assertFalse(fs.exists(new Path(dir, "marker")), "a paused process wrote its marker");

        worker.resume();
        ApplicationReport report = awaitFinished(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertTrue(report.getDiagnostics().contains(worker.containerId() + " exit status 0"), report.getDiagnostics());
        assertTrue(fs.exists(new Path(dir, "marker")));
    }

    @Test
    void kafkaCarriesTenThousandRecordsThroughAFourPartitionTopic() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        cluster.createTopic("kafka-test", 4);
        Set<String> sent = new HashSet<>();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10_000; i++) {
                String value = "record-" + i;
                sent.add(value);
                producer.send(new ProducerRecord<>("kafka-test", "key-" + (i % 97), value));
            }
            producer.flush();
        }

        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            partitions.add(new TopicPartition("kafka-test", p));
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> received = new ArrayList<>();
        Map<Integer, Integer> perPartition = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Await.until(Duration.ofSeconds(60), "10,000 records", () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                    perPartition.merge(record.partition(), 1, Integer::sum);
                }
                return received.size() >= 10_000;
            });
        }
        assertEquals(10_000, received.size());
        assertEquals(sent, new HashSet<>(received));
        assertEquals(Set.of(0, 1, 2, 3), perPartition.keySet(), "records in every partition: " + perPartition);
    }

    @Test
    void exactlyOneLatchLeadsAndTheOtherTakesOverWhenTheLeaderCloses() throws Exception {
        try (CuratorFramework a = curator(); CuratorFramework b = curator()) {
            LeaderLatch latchA = new LeaderLatch(a, "/latch-test/close", "a");
            LeaderLatch latchB = new LeaderLatch(b, "/latch-test/close", "b");
            latchA.start();
            latchB.start();
            Await.until(Duration.ofSeconds(30), "a leader", () -> latchA.hasLeadership() || latchB.hasLeadership());
            assertNotEquals(latchA.hasLeadership(), latchB.hasLeadership(), "exactly one leads");

            LeaderLatch leader = latchA.hasLeadership() ? latchA : latchB;
            LeaderLatch other = leader == latchA ? latchB : latchA;
            leader.close();
            Await.until(Duration.ofSeconds(30), "the other to lead", other::hasLeadership);
            other.close();
        }
    }

    @Test
    void aLeaderWhoseSessionExpiresLosesLeadershipToTheOther() throws Exception {
        try (CuratorFramework a = curator(); CuratorFramework b = curator()) {
            LeaderLatch latchA = new LeaderLatch(a, "/latch-test/expire", "a");
            latchA.start();
            latchA.await();
            LeaderLatch latchB = new LeaderLatch(b, "/latch-test/expire", "b");
            latchB.start();
            long sessionBefore = a.getZookeeperClient().getZooKeeper().getSessionId();

            CLUSTER.cluster().expireSession(a);

            Await.until(Duration.ofSeconds(30), "b to lead", latchB::hasLeadership);
            Await.until(Duration.ofSeconds(30), "a to reconnect with a new session",
                    () -> a.getZookeeperClient().isConnected()
                            && a.getZookeeperClient().getZooKeeper().getSessionId() != sessionBefore);
            assertFalse(latchA.hasLeadership() && latchB.hasLeadership(), "two leaders");
            latchA.close();
            latchB.close();
        }
    }

    private static CuratorFramework curator() {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(CLUSTER.cluster().zooKeeperConnectString())
                .sessionTimeoutMs(10_000)
                .connectionTimeoutMs(10_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 5))
                .build();
        client.start();
        return client;
    }

    private static ContainerProcess workerOf(ApplicationId app) {
        List<ContainerProcess> workers = new ArrayList<>();
        Await.until(APP_TIMEOUT, "the worker process of " + app, () -> {
            workers.clear();
            CLUSTER.cluster().containerProcesses(app).stream()
                    .filter(process -> !process.isApplicationMaster())
                    .forEach(workers::add);
            return workers.size() == 1;
        });
        return workers.get(0);
    }

    private static ApplicationReport awaitFinished(ApplicationId app) throws Exception {
        Set<YarnApplicationState> done = Set.of(
                YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
        Await.until(APP_TIMEOUT, app + " to finish",
                () -> done.contains(CLUSTER.cluster().yarnClient().getApplicationReport(app).getYarnApplicationState()));
        ApplicationReport report = CLUSTER.cluster().yarnClient().getApplicationReport(app);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState(), report.getDiagnostics());
        return report;
    }

    private static String get(String url) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Accept", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    private static String read(Path path) throws Exception {
        try (FSDataInputStream in = CLUSTER.cluster().fileSystem().open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
