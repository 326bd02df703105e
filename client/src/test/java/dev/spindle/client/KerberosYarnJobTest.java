package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.appmaster.ExecutorLaunch;
import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.coordination.JobZnodes;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.ClickstreamEvents;
import dev.spindle.testkit.SpindleClusterExtension;
import dev.spindle.testkit.SpindleTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clickstream on a Kerberos-secured HDFS and YARN (a MiniKdc realm) whose delegation tokens must be
 * renewed every {@value #RENEW_INTERVAL_MS} ms and end {@value #MAX_LIFETIME_MS} ms after they were
 * issued. Submitted with a keytab, the job runs for more than three such lifetimes, its executors
 * taking the tokens the ApplicationMaster renews, and writes exactly the rows of a local run;
 * submitted from a ticket alone, it stops before its tokens end and fails with the reason. Kafka
 * takes SCRAM-authenticated clients only: the job's password is in a secrets file that
 * spindle-submit ships to the containers. ZooKeeper takes Kerberos clients: the job with a keytab
 * uses it there too, and its znodes are writable by its principal alone.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class KerberosYarnJobTest {
    private static final long RENEW_INTERVAL_MS = 8_000;
    private static final long MAX_LIFETIME_MS = 20_000;
    private static final String TOPIC = "clicks";
    private static final int EVENTS = 3_000;
    /** Small batches at one a second: the input takes about a minute, three token lifetimes. */
    private static final int RECORDS_PER_BATCH = 50;

    @RegisterExtension
    static final SpindleClusterExtension CLUSTER = new SpindleClusterExtension(
            SpindleTestCluster.builder().nodeManagers(1).kerberos(true).kafkaScram(true)
                    .hadoopSetting("dfs.namenode.delegation.token.renew-interval", Long.toString(RENEW_INTERVAL_MS))
                    .hadoopSetting("dfs.namenode.delegation.token.max-lifetime", Long.toString(MAX_LIFETIME_MS)));

    private static Path dir;
    private static List<String> localRun;
    /** The job's spindle.kafka.* settings: SCRAM, its password in a secrets file spindle-submit ships. */
    private static Map<String, String> kafkaSettings;

    @BeforeAll
    static void loadInputAndRunLocally() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        dir = Files.createTempDirectory("spindle-kerberos-test-");
        Path input = dir.resolve("events.jsonl");
        Files.write(input, ClickstreamEvents.generate(new Random(31), EVENTS), StandardCharsets.UTF_8);
        kafkaSettings = cluster.kafkaScram().spindleSettings(dir.resolve("kafka-secrets.properties"));
        cluster.createTopic(TOPIC, 4);
        InputLoader.load(input, Jobs.find("clickstream"), cluster.kafkaBootstrapServers(),
                KafkaClientSettings.from(kafkaSettings.entrySet()), TOPIC, 4);
        // the job's user has a home directory, as an administrator gives every user of a secured cluster
        org.apache.hadoop.fs.Path home = new org.apache.hadoop.fs.Path("/user/spindle");
        cluster.fileSystem().mkdirs(home);
        cluster.fileSystem().setOwner(home, "spindle", "spindle");

        List<String> localCommand = new ArrayList<>(List.of("run", "--local", "--job", "clickstream",
                "--bootstrap-servers", cluster.kafkaBootstrapServers(), "--topic", TOPIC,
                "--checkpoint", dir.resolve("local-checkpoint").toString(), "--output", dir.resolve("local-output").toString(),
                "--trigger", "available-now", "--conf", "spindle.source.max-records-per-batch=" + RECORDS_PER_BATCH));
        kafkaSettings.forEach((key, value) -> localCommand.addAll(List.of("--conf", key + "=" + value)));
        Result local = spindle(null, localCommand);
        assertEquals(0, local.exit(), local.err());
        localRun = JobOutputs.local(dir.resolve("local-output"));
        assertTrue(localRun.stream().anyMatch(line -> line.startsWith("_dlq/")), "the local run wrote dead letters");
    }

    @AfterAll
    static void deleteFiles() {
        if (dir != null) {
            FileUtil.fullyDelete(dir.toFile());
        }
    }

    @Test
    void aJobSubmittedWithAKeytabOutlivesItsTokensAndWritesExactlyTheRowsOfTheLocalRun() throws Exception {
        SpindleTestCluster cluster = CLUSTER.cluster();
        long submitted = System.currentTimeMillis();
        List<String> kerberos = List.of("--conf", "spindle.zookeeper.sasl=true",
                "--conf", "spindle.kerberos.principal=" + cluster.kerberos().userPrincipal(),
                "--conf", "spindle.kerberos.keytab=" + cluster.kerberos().userKeytab());
        List<String> submitCommand = new ArrayList<>(submitCommand("keytab"));
        submitCommand.addAll(kerberos); // the same as --principal and --keytab, and ZooKeeper with Kerberos too
        Result submit = asJobUser(submitCommand);
        assertEquals(0, submit.exit(), submit.err());
        ApplicationId app = applicationId(submit.out());

        // all input read and published, and more than three token lifetimes gone by
        Await.until(Duration.ofMinutes(3), app + " to write the local run's rows",
                () -> output("keytab").equals(localRun));
        long lived = 3 * MAX_LIFETIME_MS + RENEW_INTERVAL_MS;
        Thread.sleep(Math.max(0, submitted + lived - System.currentTimeMillis()));
        List<String> stopCommand = new ArrayList<>(List.of("stop", app.toString()));
        stopCommand.addAll(kerberos);
        Result stop = asJobUser(stopCommand);
        assertEquals(0, stop.exit(), stop.err());
        ApplicationReport report = Submitter.awaitEnd(cluster.yarnClient(), app, Duration.ofMinutes(2));
        System.out.println("secured run: " + report.getFinalApplicationStatus() + " after "
                + (report.getFinishTime() - report.getStartTime()) + " ms: " + report.getDiagnostics());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertTrue(report.getDiagnostics().contains("\"status\":\"STOPPED\""), report.getDiagnostics());
        assertEquals(localRun, output("keytab"));

        // the AM obtained new tokens over and over; executors took them while they ran
        ContainerId am = ContainerId.newContainerId(report.getCurrentApplicationAttemptId(), 1);
        Set<String> obtained = sequenceNumbers(cluster.containerLog(am, ExecutorLaunch.LOG_FILE), "Obtained delegation token");
        assertTrue(obtained.size() >= 6, "the AM obtained HDFS tokens every 6 s for a minute: " + obtained);
        List<ContainerId> renewedExecutors = cluster.containersLogging(app, ExecutorLaunch.LOG_FILE,
                "Using renewed delegation token");
        renewedExecutors.removeIf(am::equals);
        assertFalse(renewedExecutors.isEmpty(), "executors took renewed tokens");
        for (ContainerId executor : renewedExecutors) {
            Set<String> used = sequenceNumbers(cluster.containerLog(executor, ExecutorLaunch.LOG_FILE),
                    "Using renewed delegation token");
            assertTrue(used.size() >= 3, executor + " took tokens of several renewals: " + used);
        }
        assertPrivate(cluster.fileSystem(), new org.apache.hadoop.fs.Path("/user/spindle/jobs/keytab/checkpoint"));
        assertZnodesWritableByTheJobsPrincipalOnly(new JobZnodes("/test-keytab", "clickstream"));
    }

    @Test
    void aJobSubmittedWithoutAKeytabStopsBeforeItsTokensEndAndFailsWithTheReason() throws Exception {
        // stop 10 s after the tokens were issued, 10 s before they end: once the AM has started
        Result submit = asJobUser(submitCommand("ticket", "--wait", "--conf", "spindle.kerberos.expiry-margin=10s"));
        assertEquals(ExitCode.FAILED, submit.exit(), submit.out() + submit.err());
        ApplicationId app = applicationId(submit.out());
        ApplicationReport report = CLUSTER.cluster().yarnClient().getApplicationReport(app);
        System.out.println("run without a keytab: " + report.getFinalApplicationStatus() + " after "
                + (report.getFinishTime() - report.getStartTime()) + " ms: " + report.getDiagnostics());
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        assertTrue(report.getDiagnostics().contains("delegation tokens reach their max lifetime at")
                && report.getDiagnostics().contains("submit it with --principal and --keytab"), report.getDiagnostics());
        assertTrue(submit.out().contains(report.getDiagnostics()), "spindle-submit --wait printed it: " + submit.out());
        // the tokens were obtained just before the application started: it ended within their lifetime
        assertTrue(report.getFinishTime() - report.getStartTime() < MAX_LIFETIME_MS,
                "ended " + (report.getFinishTime() - report.getStartTime()) + " ms after it started");
    }

    @Test
    void submissionsWithoutTheCredentialsTheyNeedAreRefusedInOneLine() throws Exception {
        UserGroupInformation noTicket = UserGroupInformation.createRemoteUser("spindle");
        Result refused = noTicket.doAs((PrivilegedExceptionAction<Result>) () ->
                spindle(CLUSTER.cluster().hadoopConfDir(), submitCommand("refused")));
        assertEquals(ExitCode.USAGE, refused.exit(), refused.err());
        assertEquals("spindle-submit: the cluster uses Kerberos and spindle has no Kerberos ticket: run kinit, or give"
                + " --principal and --keytab", refused.err().strip());

        Result missingKeytab = asJobUser(submitCommand("refused", "--principal", "spindle", "--keytab", "/no/such.keytab"));
        assertEquals(ExitCode.USAGE, missingKeytab.exit(), missingKeytab.err());
        assertEquals("spindle-submit: keytab /no/such.keytab does not exist or cannot be read", missingKeytab.err().strip());

        Result zooKeeperWithoutKeytab = asJobUser(submitCommand("refused", "--conf", "spindle.zookeeper.sasl=true"));
        assertEquals(ExitCode.USAGE, zooKeeperWithoutKeytab.exit(), zooKeeperWithoutKeytab.err());
        assertEquals("spindle-submit: spindle.zookeeper.sasl needs --principal and --keytab: the containers log in to"
                + " ZooKeeper from the keytab (ZooKeeper takes no delegation tokens)", zooKeeperWithoutKeytab.err().strip());
    }

    // ---- helpers ----

    private static List<String> submitCommand(String name, String... more) {
        SpindleTestCluster cluster = CLUSTER.cluster();
        List<String> command = new ArrayList<>(List.of("submit", "--job", "clickstream", "--topic", TOPIC,
                "--bootstrap-servers", cluster.kafkaBootstrapServers(),
                "--checkpoint", "/user/spindle/jobs/" + name + "/checkpoint",
                "--output", "/user/spindle/jobs/" + name + "/output",
                "--trigger", "processing-time=1s"));
        command.addAll(List.of(more));
        kafkaSettings.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
        for (String setting : List.of("spindle.zookeeper.connect=" + cluster.zooKeeperConnectString(),
                "spindle.zookeeper.root=/test-" + name, "spindle.zookeeper.session-timeout=5s",
                "spindle.source.max-records-per-batch=" + RECORDS_PER_BATCH, "spindle.executors=2",
                "spindle.yarn.executor.memory-mb=256", "spindle.executor.state-memory=" + 32L * 1024 * 1024,
                "spindle.yarn.am.memory-mb=256", "spindle.kerberos.token-check-interval=500ms",
                "spindle.yarn.lib-cache=/user/spindle/spindle-lib")) {
            command.addAll(List.of("--conf", setting));
        }
        return command;
    }

    private record Result(int exit, String out, String err) {}

    /** A command as the job's user, logged in from its keytab, with the cluster's Hadoop configuration. */
    private static Result asJobUser(List<String> args) throws Exception {
        UserGroupInformation user = CLUSTER.cluster().kerberos().loginUser();
        return user.doAs((PrivilegedExceptionAction<Result>) () -> spindle(CLUSTER.cluster().hadoopConfDir(), args));
    }

    /**
     * A command in this JVM, reading core-site.xml, hdfs-site.xml and yarn-site.xml from {@code hadoopConfDir}
     * (if not null) as the class path entry HADOOP_CONF_DIR makes it.
     */
    private static Result spindle(Path hadoopConfDir, List<String> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        URL[] confDir = hadoopConfDir == null ? new URL[0] : new URL[] {hadoopConfDir.toUri().toURL()};
        try (URLClassLoader withConfDir = new URLClassLoader(confDir, previous)) {
            thread.setContextClassLoader(withConfDir);
            int exit = SpindleCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static ApplicationId applicationId(String out) {
        Matcher matcher = Pattern.compile("submitted (application_\\d+_\\d+)").matcher(out);
        assertTrue(matcher.find(), out);
        return ApplicationId.fromString(matcher.group(1));
    }

    private static List<String> output(String name) throws Exception {
        return JobOutputs.onHdfs(CLUSTER.cluster().fileSystem(), new org.apache.hadoop.fs.Path("/user/spindle/jobs/"
                + name + "/output"));
    }

    /** The sequence numbers of the HDFS delegation tokens on the log lines that start with {@code prefix}. */
    private static Set<String> sequenceNumbers(String log, String prefix) {
        Set<String> numbers = new TreeSet<>();
        log.lines().filter(line -> line.contains(prefix) && line.contains("HDFS_DELEGATION_TOKEN")).forEach(line -> {
            Matcher matcher = Pattern.compile("sequenceNumber=(\\d+)").matcher(line);
            if (matcher.find()) {
                numbers.add(matcher.group(1));
            }
        });
        return numbers;
    }

    /** The job's znodes: every permission for its Kerberos principal, read for all; a client without Kerberos cannot write. */
    private static void assertZnodesWritableByTheJobsPrincipalOnly(JobZnodes znodes) throws Exception {
        ZKClientConfig withoutKerberos = new ZKClientConfig();
        withoutKerberos.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        try (CuratorFramework anonymous = CuratorFrameworkFactory.builder()
                .connectString(CLUSTER.cluster().zooKeeperConnectString()).retryPolicy(new RetryOneTime(100))
                .zkClientConfig(withoutKerberos).build()) {
            anonymous.start();
            assertTrue(anonymous.blockUntilConnected(10, TimeUnit.SECONDS));
            List<ACL> acl = anonymous.getACL().forPath(znodes.base());
            assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, new Id("sasl", CLUSTER.cluster().kerberos().userPrincipal())),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)), acl);
            for (String znode : List.of(znodes.base(), znodes.epoch(), znodes.run())) {
                assertThrows(KeeperException.NoAuthException.class, () -> anonymous.setData().forPath(znode, new byte[0]),
                        znode);
            }
            assertThrows(KeeperException.NoAuthException.class, () -> anonymous.create().forPath(znodes.stop()));
        }
    }

    /** The checkpoint is the job user's alone: prints it as {@code hdfs dfs -ls -R} would, asserts the modes. */
    private static void assertPrivate(FileSystem fs, org.apache.hadoop.fs.Path checkpoint) throws Exception {
        FileStatus root = fs.getFileStatus(checkpoint);
        System.out.println(root.getPermission() + " " + root.getOwner() + " " + root.getGroup() + " " + checkpoint);
        assertEquals("rwx------", root.getPermission().toString());
        assertEquals("spindle", root.getOwner());
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(checkpoint, true);
        int shown = 0;
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            if (shown++ < 8) {
                System.out.println(file.getPermission() + " " + file.getOwner() + " " + file.getLen() + " "
                        + file.getPath().toUri().getPath());
            }
            assertEquals("rw-------", file.getPermission().toString(), file.getPath().toString());
        }
    }
}
