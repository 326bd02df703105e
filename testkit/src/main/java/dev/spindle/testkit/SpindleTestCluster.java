package dev.spindle.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.client.impl.LeaseRenewer;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real HDFS, YARN, ZooKeeper and Kafka on 127.0.0.1 with free ports, in this JVM but for the
 * NodeManagers, for testing Spindle and the jobs written with it:
 *
 * <ul>
 *   <li>a MiniDFSCluster (one NameNode, one DataNode);
 *   <li>YARN: a ResourceManager (of a MiniYARNCluster) in this JVM and, by default, two
 *       NodeManagers, each a process of its own, whose containers are real processes too: every
 *       web app (the RM's UI, REST API and web proxy, each NM's) answers on its own port, as on
 *       a real cluster; containers find Hadoop through {@code yarn.application.classpath}
 *       and get everything else as LocalResources from HDFS (see {@link #shipCodeOf});
 *   <li>an embedded ZooKeeper server (Curator's {@link TestingServer});
 *   <li>one Kafka broker in KRaft mode.
 * </ul>
 *
 * <p>It also hurts things for real: {@link #containerProcesses} finds the JVM of a container,
 * which can be killed, paused and resumed; {@link #expireSession} ends a ZooKeeper session on
 * the server. {@link #close()} stops everything and leaves no process, thread or listening port.
 *
 * <pre>{@code
 * try (SpindleTestCluster cluster = SpindleTestCluster.builder().nodeManagers(2).start()) {
 *     cluster.createTopic("clicks", 4);
 *     YarnClient yarn = cluster.yarnClient();
 *     ...
 * }
 * }</pre>
 *
 * In JUnit 5 tests, {@link SpindleClusterExtension} gives one cluster per test class.
 */
public final class SpindleTestCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpindleTestCluster.class);
    private static final Duration NODE_MANAGER_START_TIMEOUT = Duration.ofSeconds(90);

    private final Builder options;
    private final Path baseDir;
    private final Map<String, Duration> startupTimes = new LinkedHashMap<>();
    private volatile MiniDFSCluster hdfs;
    private volatile MiniYARNCluster yarn;
    private final List<NodeManagerProcess> nodeManagers = new CopyOnWriteArrayList<>();
    private volatile TestingServer zooKeeper;
    private volatile KafkaBroker kafka;
    private volatile KerberosRealm kerberos;
    private volatile FileSystem fileSystem;
    private volatile YarnClient yarnClient;
    private volatile HadoopInstallation installation;
    private volatile LocalResourceUploader uploader;
    private Configuration configuration;
    private boolean closed;

    private SpindleTestCluster(Builder options) throws IOException {
        this.options = options;
        // The real path: container working directories are matched against it.
        this.baseDir = Files.createDirectories(options.baseDir).toRealPath();
    }

    public static Builder builder() {
        return new Builder();
    }

    private void start() throws Exception {
        long begin = System.nanoTime();
        if (options.kerberos) {
            // before anything in this JVM reads its Kerberos configuration
            kerberos = KerberosRealm.start(baseDir.resolve("kdc"));
            kerberos.installZooKeeperServerLogin();
            startupTimes.put("kdc", Duration.ofNanos(System.nanoTime() - begin));
        }
        ExecutorService starters = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "spindle-test-cluster-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<Void> hadoop = CompletableFuture.runAsync(this::startHadoop, starters);
            CompletableFuture<Void> coordination = CompletableFuture.runAsync(this::startZooKeeperAndKafka, starters);
            CompletableFuture.allOf(hadoop, coordination).join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            starters.shutdownNow();
        }
        startupTimes.put("all", Duration.ofNanos(System.nanoTime() - begin));
        LOG.info("SpindleTestCluster started in {}: {}", baseDir, startupReport());
    }

    private void startHadoop() {
        try {
            Configuration conf = new Configuration();
            conf.set("hadoop.tmp.dir", baseDir.resolve("tmp").toString());
            conf.setInt("dfs.replication", 1);
            // The NameNode never stops its GC time monitor thread (Hadoop 3.4): without this, every cluster leaks one.
            conf.setBoolean("dfs.namenode.gc.time.monitor.enable", false);
            // Idle client connections and lease renewers end within a second, not 10 s and 60 s after
            // their last use, so that no HDFS client thread outlives the cluster for long.
            conf.setInt("ipc.client.connection.maxidletime", 1000);
            LeaseRenewer.setLeaseRenewerGraceDefault(1000);
            // Closing a file waits for the NameNode to see its last block complete, retrying after
            // 400 ms at first; with one DataNode the block is nearly always done within a few ms.
            conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 20);
            if (kerberos != null) {
                kerberos.hadoopSettings().forEach(conf::set);
            }
            options.hadoopSettings.forEach(conf::set);
            long begin = System.nanoTime();
            hdfs = new MiniDFSCluster.Builder(conf, baseDir.resolve("hdfs").toFile())
                    .numDataNodes(1)
                    .build();
            hdfs.waitActive();
            fileSystem = FileSystem.newInstance(hdfs.getConfiguration(0));
            startupTimes.put("hdfs", Duration.ofNanos(System.nanoTime() - begin));
            Configuration full = new Configuration(hdfs.getConfiguration(0));
            installation = HadoopInstallation.create(baseDir.resolve("hadoop"), options.notInHadoop);
            if (options.nodeManagers > 0) {
                begin = System.nanoTime();
                full = startYarn(full);
                startupTimes.put("yarn", Duration.ofNanos(System.nanoTime() - begin));
            }
            installation.setApplicationClasspath(full);
            installation.writeConfiguration(full);
            configuration = full;
            uploader = new LocalResourceUploader(fileSystem, new org.apache.hadoop.fs.Path("/spindle-testkit/lib"),
                    baseDir.resolve("packed-classes"));
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * The ResourceManager runs in this JVM on ports chosen before it starts (so that the web proxy
     * address in the tracking URLs it hands out is a real one, not port 0); the NodeManagers run
     * as processes of their own ({@link NodeManagerProcess}).
     */
    private Configuration startYarn(Configuration hdfsConf) throws Exception {
        YarnConfiguration conf = YarnSettings.forMiniCluster(hdfsConf, options, kerberos != null);
        String previous = System.getProperty("test.build.data");
        System.setProperty("test.build.data", baseDir.toString()); // MiniYARNCluster puts its dirs there
        try {
            yarn = new MiniYARNCluster("yarn", 1, 0, 1, 1);
        } finally {
            if (previous == null) {
                System.clearProperty("test.build.data");
            } else {
                System.setProperty("test.build.data", previous);
            }
        }
        yarn.init(conf);
        yarn.start();
        YarnConfiguration running = new YarnConfiguration(yarn.getConfig());
        yarnClient = YarnClient.createYarnClient();
        yarnClient.init(running);
        yarnClient.start();
        for (int i = 0; i < options.nodeManagers; i++) {
            nodeManagers.add(NodeManagerProcess.start(i, baseDir.resolve("yarn").resolve("nm-" + i), running,
                    kerberos == null ? List.of() : kerberos.jvmOptions()));
        }
        awaitNodeManagers();
        return running;
    }

    /** Waits until every NodeManager process has registered, failing at once when one exits. */
    private void awaitNodeManagers() throws Exception {
        long deadline = System.nanoTime() + NODE_MANAGER_START_TIMEOUT.toNanos();
        while (yarnClient.getNodeReports(NodeState.RUNNING).size() < options.nodeManagers) {
            for (NodeManagerProcess nodeManager : nodeManagers) {
                if (!nodeManager.isAlive()) {
                    throw new IllegalStateException(nodeManager + " exited while starting:\n" + nodeManager.tail());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("NodeManagers did not register with the ResourceManager within "
                        + NODE_MANAGER_START_TIMEOUT.toSeconds() + " s:\n"
                        + nodeManagers.stream().map(NodeManagerProcess::tail).collect(Collectors.joining()));
            }
            Await.sleep(100);
        }
    }

    private void startZooKeeperAndKafka() {
        try {
            long begin = System.nanoTime();
            zooKeeper = new TestingServer(zooKeeperSpec(baseDir.resolve("zookeeper"), kerberos != null), true);
            startupTimes.put("zookeeper", Duration.ofNanos(System.nanoTime() - begin));
            if (options.kafka) {
                begin = System.nanoTime();
                kafka = options.kafkaScram
                        ? KafkaBroker.startWithScram(baseDir.resolve("kafka"), options.kafkaSettings,
                                KafkaScram.withRandomPasswords())
                        : KafkaBroker.start(baseDir.resolve("kafka"), options.kafkaSettings);
                startupTimes.put("kafka", Duration.ofNanos(System.nanoTime() - begin));
            }
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * ZooKeeper on 127.0.0.1 with a 500 ms tick, so that tests can use session timeouts from
     * 1 s (two ticks) up to 60 s; on a Kerberos cluster it takes Kerberos (SASL) clients too.
     */
    private static InstanceSpec zooKeeperSpec(Path dataDir, boolean kerberos) {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("clientPortAddress", "127.0.0.1",
                "maxSessionTimeout", "60000"));
        if (kerberos) { // clients may authenticate with Kerberos (KerberosRealm#installZooKeeperServerLogin)
            properties.put("authProvider.1", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider");
        }
        return new InstanceSpec(dataDir.toFile(), -1, -1, -1, true, -1, 500, -1, properties, "127.0.0.1");
    }

    /** The cluster's Kerberos realm ({@link Builder#kerberos}). */
    public KerberosRealm kerberos() {
        if (kerberos == null) {
            throw new IllegalStateException("this SpindleTestCluster is not secured (built without kerberos())");
        }
        return kerberos;
    }

    /** A copy of the cluster's Hadoop configuration: {@code fs.defaultFS}, the RM addresses, the application class path. */
    public Configuration configuration() {
        return new YarnConfiguration(configuration);
    }

    /** The directory with core-site.xml, hdfs-site.xml and yarn-site.xml: what {@code HADOOP_CONF_DIR} would be. */
    public Path hadoopConfDir() {
        return installation.confDir();
    }

    /** A FileSystem on the cluster's HDFS, owned by the cluster (do not close it). */
    public FileSystem fileSystem() {
        return fileSystem;
    }

    /** A started YarnClient for the cluster's ResourceManager, owned by the cluster (do not stop it). */
    public YarnClient yarnClient() {
        requireYarn();
        return yarnClient;
    }

    /** The ResourceManager's web address ({@code http://host:port}): its UI, REST API and web proxy. */
    public String resourceManagerWebUrl() {
        requireYarn();
        return "http://" + configuration.get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    }

    public String zooKeeperConnectString() {
        return zooKeeper.getConnectString();
    }

    public String kafkaBootstrapServers() {
        requireKafka();
        return kafka.bootstrapServers();
    }

    /**
     * What a Kafka client needs besides {@link #kafkaBootstrapServers()}: with {@link
     * Builder#kafkaScram}, the client user's {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config}; none for a PLAINTEXT broker.
     */
    public Map<String, String> kafkaClientSettings() {
        requireKafka();
        return kafka.clientSettings();
    }

    /**
     * The broker's SCRAM users, for a cluster built with {@link Builder#kafkaScram}: {@link
     * KafkaScram#spindleSettings} gives a job's {@code spindle.kafka.*} settings.
     */
    public KafkaScram kafkaScram() {
        requireKafka();
        return kafka.scram().orElseThrow(() -> new IllegalStateException(
                "this SpindleTestCluster's Kafka broker takes PLAINTEXT clients (built without kafkaScram(true))"));
    }

    /** Creates a Kafka topic with replication factor 1 and waits until it exists. */
    public void createTopic(String name, int partitions) throws Exception {
        requireKafka();
        kafka.createTopic(name, partitions);
    }

    /** The directory under which every service keeps its data. */
    public Path baseDir() {
        return baseDir;
    }

    /** How long each service took to start, and all of them together (they start in parallel). */
    public Map<String, Duration> startupTimes() {
        return Map.copyOf(startupTimes);
    }

    /** One line: the start time of each service and of the whole cluster, in seconds. */
    public String startupReport() {
        StringBuilder report = new StringBuilder();
        startupTimes.forEach((service, time) -> report.append(report.length() == 0 ? "" : ", ")
                .append(service).append(' ').append(String.format("%.1f s", time.toMillis() / 1000.0)));
        return report.toString();
    }

    /**
     * Puts the code (jar, or classes directory packed into a jar) of the given classes on HDFS
     * as PUBLIC LocalResources for a container launch context, as a real submission ships an
     * application. Uploaded once per cluster; keys are file names to link in the container.
     */
    public Map<String, LocalResource> shipCodeOf(Class<?>... classes) throws IOException {
        return uploader.upload(classes);
    }

    /** The live container JVMs of an application, of every attempt, ordered by container id. */
    public List<ContainerProcess> containerProcesses(ApplicationId application) {
        requireYarn();
        return ContainerProcesses.find(baseDir,
                id -> id.getApplicationAttemptId().getApplicationId().equals(application));
    }

    /** The live JVM of one container, waiting up to {@code timeout} for it to appear. */
    public ContainerProcess containerProcess(ContainerId container, Duration timeout) {
        requireYarn();
        List<ContainerProcess> found = new ArrayList<>();
        Await.until(timeout, "the process of container " + container, () -> {
            found.clear();
            found.addAll(ContainerProcesses.find(baseDir, container::equals));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The live JVM of the application's current ApplicationMaster, waiting up to {@code timeout}. */
    public ContainerProcess applicationMasterProcess(ApplicationId application, Duration timeout) throws Exception {
        ApplicationAttemptId attempt = yarnClient().getApplicationReport(application).getCurrentApplicationAttemptId();
        if (attempt == null) {
            throw new IllegalStateException(application + " has no attempt yet");
        }
        return containerProcess(ContainerId.newContainerId(attempt, 1), timeout);
    }

    /** The containers of {@code application} whose log file {@code file} (e.g. "stderr") contains {@code text}. */
    public List<ContainerId> containersLogging(ApplicationId application, String file, String text) throws IOException {
        List<ContainerId> found = new ArrayList<>();
        for (Path dir : containerLogDirs()) {
            ContainerId id = ContainerId.fromString(dir.getFileName().toString());
            Path log = dir.resolve(file);
            if (id.getApplicationAttemptId().getApplicationId().equals(application) && Files.isRegularFile(log)
                    && Files.readString(log).contains(text)) {
                found.add(id);
            }
        }
        return found;
    }

    /** The text of a container's log file {@code file} (e.g. "stderr"); empty if it has none yet. */
    public String containerLog(ContainerId container, String file) throws IOException {
        for (Path dir : containerLogDirs()) {
            if (dir.getFileName().toString().equals(container.toString()) && Files.isRegularFile(dir.resolve(file))) {
                return Files.readString(dir.resolve(file));
            }
        }
        return "";
    }

    private List<Path> containerLogDirs() throws IOException {
        try (Stream<Path> dirs = Files.walk(baseDir.resolve("yarn"), 6)) {
            return dirs.filter(path -> path.getFileName().toString().startsWith("container_") && Files.isDirectory(path))
                    .toList();
        }
    }

    /**
     * Expires the ZooKeeper session of {@code client} on the server: its ephemeral znodes go,
     * its watchers fire, and the client sees the session expire when it next talks to the server.
     */
    public void expireSession(CuratorFramework client) throws Exception {
        ZooKeeperSessions.expire(client, zooKeeperConnectString());
    }

    /** Stops every service, kills container processes that outlived their NodeManager, deletes the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        stop(failures, "YARN applications", this::killUnfinishedApplications);
        stop(failures, "YARN client", () -> { if (yarnClient != null) yarnClient.stop(); });
        stop(failures, "NodeManagers", this::stopNodeManagers);
        stop(failures, "YARN", () -> { if (yarn != null) yarn.stop(); });
        stop(failures, "container processes", this::killLeftoverContainers);
        stop(failures, "Kafka", () -> { if (kafka != null) kafka.close(); });
        stop(failures, "ZooKeeper", () -> { if (zooKeeper != null) zooKeeper.close(); });
        stop(failures, "HDFS clients", this::closeFileSystems);
        stop(failures, "HDFS", () -> { if (hdfs != null) hdfs.shutdown(true); });
        stop(failures, "Kerberos", () -> { if (kerberos != null) kerberos.close(); });
        if (!options.keepData) {
            stop(failures, "data", () -> FileUtil.fullyDelete(baseDir.toFile()));
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("SpindleTestCluster did not stop cleanly");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Killed applications end at once; running ones would keep NodeManagers waiting for their containers. */
    private void killUnfinishedApplications() throws Exception {
        if (yarnClient == null) {
            return;
        }
        for (ApplicationReport app : yarnClient.getApplications(EnumSet.of(YarnApplicationState.NEW,
                YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED,
                YarnApplicationState.RUNNING))) {
            yarnClient.killApplication(app.getApplicationId(), "SpindleTestCluster is closing");
        }
    }

    /** Stops the NodeManager processes side by side: each stops its containers first. */
    private void stopNodeManagers() throws Exception {
        List<Thread> stoppers = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (NodeManagerProcess nodeManager : nodeManagers) {
            stoppers.add(new Thread(() -> {
                try {
                    nodeManager.close();
                } catch (InterruptedException e) {
                    failures.add(e);
                }
            }, "spindle-test-cluster-stop-nm-" + nodeManager.index()));
        }
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            stopper.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /**
     * Closes this cluster's HDFS clients, ours and the ones the YARN daemons cached, so that
     * their lease renewer and IPC threads end with the cluster.
     */
    private void closeFileSystems() throws IOException {
        if (fileSystem != null) {
            java.net.URI uri = fileSystem.getUri();
            fileSystem.close();
            FileSystem.get(uri, fileSystem.getConf()).close();
        }
    }

    private void killLeftoverContainers() {
        for (ContainerProcess leftover : ContainerProcesses.find(baseDir, id -> true)) {
            LOG.warn("Killing container process {} that outlived its NodeManager", leftover);
            leftover.kill();
        }
    }

    private interface Stopping {
        void run() throws Exception;
    }

    private static void stop(List<Exception> failures, String what, Stopping stopping) {
        long begin = System.nanoTime();
        try {
            stopping.run();
            LOG.debug("Stopped {} in {} ms", what, (System.nanoTime() - begin) / 1_000_000);
        } catch (Exception e) {
            failures.add(new IllegalStateException("stopping " + what + " failed", e));
        }
    }

    private void requireYarn() {
        if (yarn == null) {
            throw new IllegalStateException("this SpindleTestCluster runs no YARN (built with nodeManagers(0))");
        }
    }

    private void requireKafka() {
        if (kafka == null) {
            throw new IllegalStateException("this SpindleTestCluster runs no Kafka broker (built with kafka(false))");
        }
    }

    /** Options of a {@link SpindleTestCluster}; {@link #start()} starts one. */
    public static final class Builder {
        Path baseDir = Path.of("target", "spindle-test-cluster",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
        int nodeManagers = 2;
        int nodeManagerMemoryMb = 4096;
        int nodeManagerVcores = 8;
        boolean kafka = true;
        boolean kerberos;
        boolean kafkaScram;
        boolean keepData;
        Predicate<String> notInHadoop = HadoopInstallation.NOT_IN_HADOOP;
        final Map<String, String> hadoopSettings = new LinkedHashMap<>();
        final Map<String, String> kafkaSettings = new LinkedHashMap<>();

        private Builder() {}

        /** Where the services keep their data (default: a fresh directory under target/spindle-test-cluster). */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        /** How many NodeManagers (default 2); 0 runs no YARN at all. */
        public Builder nodeManagers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("nodeManagers must be >= 0, got " + count);
            }
            this.nodeManagers = count;
            return this;
        }

        /** Memory each NodeManager offers to containers (default 4096 MB). */
        public Builder nodeManagerMemoryMb(int megabytes) {
            this.nodeManagerMemoryMb = megabytes;
            return this;
        }

        /** Virtual cores each NodeManager offers (default 8). */
        public Builder nodeManagerVcores(int vcores) {
            this.nodeManagerVcores = vcores;
            return this;
        }

        /** Whether to run the Kafka broker (default true). */
        public Builder kafka(boolean run) {
            this.kafka = run;
            return this;
        }

        /**
         * Secures HDFS and YARN with Kerberos (default false): a {@link KerberosRealm} starts first,
         * every Hadoop daemon authenticates, clients need a ticket or delegation tokens, ZooKeeper
         * takes Kerberos clients (as {@code zookeeper/localhost}, unauthenticated ones too), and log
         * aggregation is off (it would outlive short test token lifetimes). Delegation token
         * lifetimes are the NameNode's defaults unless set with {@link #hadoopSetting}
         * ({@code dfs.namenode.delegation.token.renew-interval}, {@code ...max-lifetime}).
         */
        public Builder kerberos(boolean secure) {
            this.kerberos = secure;
            return this;
        }

        /**
         * Whether the Kafka broker takes only clients authenticated with SCRAM, on a SASL_PLAINTEXT
         * listener (default false: PLAINTEXT); see {@link KafkaScram}.
         */
        public Builder kafkaScram(boolean secured) {
            this.kafkaScram = secured;
            return this;
        }

        /** A Hadoop setting for HDFS and YARN, applied after the testkit's own. */
        public Builder hadoopSetting(String key, String value) {
            hadoopSettings.put(key, value);
            return this;
        }

        /** A Kafka broker setting, such as {@code transaction.max.timeout.ms}. */
        public Builder kafkaSetting(String key, String value) {
            kafkaSettings.put(key, value);
            return this;
        }

        /**
         * Which class path jars (by file name) the simulated Hadoop installation leaves out, so
         * that applications must ship them. Default: {@code spindle-*}, {@code kafka*}, {@code rocksdbjni*}.
         */
        public Builder notInHadoopInstallation(Predicate<String> jarNames) {
            this.notInHadoop = jarNames;
            return this;
        }

        /** Keep the data directory after close, for post-mortems (default false). */
        public Builder keepData(boolean keep) {
            this.keepData = keep;
            return this;
        }

        /** Starts every service; on failure, stops what had started and rethrows. */
        public SpindleTestCluster start() throws Exception {
            SpindleTestCluster cluster = new SpindleTestCluster(this);
            cluster.start();
            return cluster;
        }
    }
}
