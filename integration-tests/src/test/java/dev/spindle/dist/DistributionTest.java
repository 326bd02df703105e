package dev.spindle.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.Jobs;
import dev.spindle.runtime.source.InputLoader;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.SpindleTestClusterMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * What a user of a real cluster has: the binary distribution unpacked into an empty directory, the
 * cluster's {@code HADOOP_CONF_DIR} and a {@code conf/spindle-site.xml}; nothing of the source tree.
 * The cluster is {@code spindle-testcluster} in a process of its own (HDFS, YARN with NodeManager
 * processes and log aggregation, ZooKeeper, Kafka). The examples' jar is submitted with
 * {@code --jar}, followed with {@code spindle status} and {@code spindle list}, its tracking page
 * read through the ResourceManager's proxy, stopped with {@code spindle stop}, and its aggregated
 * logs read with YARN's log CLI; Hadoop's own {@code yarn jar} runs the client jar; and the
 * cluster's Hadoop jars replace the bundled ones when {@code HADOOP_CLASSPATH} or
 * {@code HADOOP_HOME} say where they are.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionTest {
    private static final String VERSION = System.getProperty("spindle.dist.version");
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private static Path work;
    private static Path home;
    private static Process clusterProcess;
    private static Map<String, String> cluster;
    private static Path yarnScript;

    @BeforeAll
    static void unpackTheTarballAndStartTheCluster() throws Exception {
        work = Files.createTempDirectory("spindle-dist-test-");
        Path tarball = Path.of(System.getProperty("spindle.dist.tarball"));
        assertTrue(Files.isRegularFile(tarball), tarball + " is built (mvn package)");
        Path unpacked = Files.createDirectories(work.resolve("install"));
        assertEquals(0, new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
                .inheritIO().start().waitFor(), "tar xzf " + tarball);
        home = unpacked.resolve("spindle-" + VERSION);

        clusterProcess = new ProcessBuilder(javaCommand(), "-Xmx1536m", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SpindleTestClusterMain.class.getName(),
                "--base-dir", work.resolve("cluster").toString())
                .redirectOutput(work.resolve("cluster.out").toFile())
                .redirectError(work.resolve("cluster.err").toFile())
                .directory(work.toFile())
                .start();
        Await.until(Duration.ofMinutes(3), "spindle-testcluster to start", () -> {
            if (!clusterProcess.isAlive()) {
                throw new AssertionError("spindle-testcluster exited " + clusterProcess.exitValue() + ":\n"
                        + Files.readString(work.resolve("cluster.err")));
            }
            return Files.readString(work.resolve("cluster.out")).contains("running; stop with Ctrl-C");
        });
        cluster = new HashMap<>();
        for (String line : Files.readAllLines(work.resolve("cluster.out"))) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                cluster.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }

        // What the user writes: Spindle's settings for this cluster, in the distribution's conf/.
        Files.writeString(home.resolve("conf/spindle-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property><name>spindle.zookeeper.connect</name><value>%s</value></property>
                  <property><name>spindle.executors</name><value>2</value></property>
                  <property><name>spindle.yarn.am.memory-mb</name><value>256</value></property>
                  <property><name>spindle.yarn.executor.memory-mb</name><value>384</value></property>
                  <property><name>spindle.executor.state-memory</name><value>67108864</value></property>
                </configuration>
                """.formatted(cluster.get("zookeeper")));

        // The input, as a producer would write it.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()))) {
            admin.createTopics(List.of(new NewTopic("clicks", 4, (short) 1))).all().get();
        }
        InputLoader.load(home.resolve("examples/data/clicks-sample.jsonl"), Jobs.find("clickstream"), kafka(), "clicks", 4);

        // Hadoop's yarn script, reduced to the subcommands used here, on the cluster's Hadoop jars.
        yarnScript = work.resolve("hadoop-bin/yarn");
        Files.createDirectories(yarnScript.getParent());
        Files.writeString(yarnScript, """
                #!/usr/bin/env bash
                # yarn jar|logs|application, as Hadoop's script runs them: its own jars and HADOOP_CONF_DIR
                set -euo pipefail
                cp="$HADOOP_CONF_DIR:%s/*"
                sub=$1; shift
                case $sub in
                  jar) exec "%s" -cp "$cp" org.apache.hadoop.util.RunJar "$@" ;;
                  logs) exec "%s" -cp "$cp" org.apache.hadoop.yarn.client.cli.LogsCLI "$@" ;;
                  application) exec "%s" -cp "$cp" org.apache.hadoop.yarn.client.cli.ApplicationCLI application "$@" ;;
                  *) echo "yarn: $sub is not in this test's yarn script" >&2; exit 1 ;;
                esac
                """.formatted(clusterHadoopJars(), javaCommand(), javaCommand(), javaCommand()));
        assertTrue(yarnScript.toFile().setExecutable(true));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (clusterProcess != null) {
            clusterProcess.destroy(); // SIGTERM: it stops its services and NodeManagers, then exits
            if (!clusterProcess.waitFor(2, TimeUnit.MINUTES)) {
                clusterProcess.descendants().forEach(ProcessHandle::destroyForcibly);
                clusterProcess.destroyForcibly().waitFor();
            }
        }
        if (work != null) {
            FileUtil.fullyDelete(work.toFile());
        }
    }

    @Test
    @Order(1)
    void theTarballsJobIsSubmittedFollowedStoppedAndItsLogsReadWithYarnsCli() throws Exception {
        Result submit = run(List.of(bin("spindle-submit"), "--job", "clickstream", "--jar", examplesJar(),
                "--checkpoint", "/jobs/clicks/checkpoint", "--output", "/jobs/clicks/output",
                "--bootstrap-servers", kafka(), "--trigger", "processing-time=1s"), Map.of());
        assertEquals(0, submit.code(), submit.toString());
        String app = find("submitted (application_\\d+_\\d+)", submit.stdout(), submit);

        Await.until(COMMAND_LIMIT, "the job to run", () -> {
            Result status = run(List.of(bin("spindle"), "status", app), Map.of());
            assertEquals(0, status.code(), status.toString());
            return status.stdout().contains("  RUNNING  ") && status.stdout().contains("job: RUNNING");
        });
        Result list = run(List.of(bin("spindle"), "list"), Map.of());
        assertTrue(list.stdout().contains(app + "  spindle:clickstream  RUNNING"), list.toString());
        // YARN's own CLI finds it by type and by its tag, the job's name
        Result yarnList = run(List.of(yarnScript.toString(), "application", "-list", "-appTypes", "SPINDLE",
                "-appTags", "clickstream"), Map.of());
        assertTrue(yarnList.stdout().contains(app), yarnList.toString());

        String tracking = "http://" + cluster.get("yarn.resourcemanager.webapp.address") + "/proxy/" + app + "/";
        HttpResponse<String> page = get(tracking);
        assertEquals(200, page.statusCode(), tracking);
        assertTrue(page.body().contains("clickstream"), page.body());
        Await.until(COMMAND_LIMIT, "the job to read the whole sample", () ->
                get(tracking + "metrics").body().contains("spindle_records_in_total{spindle_job=\"clickstream\"} 10000.0"));

        Result stop = run(List.of(bin("spindle"), "stop", app), Map.of());
        assertEquals(0, stop.code(), stop.toString());
        Await.until(COMMAND_LIMIT, "the job to finish", () ->
                run(List.of(bin("spindle"), "status", app), Map.of()).stdout().contains("  FINISHED  SUCCEEDED  "));

        // the sample's 88 malformed lines are its dead letters, each once
        assertEquals(88, hdfsLines("/jobs/clicks/output/_dlq").size());
        // the checkpoint is its owner's alone: the directory 0700, every file in it 0600
        assertEquals(List.of("rwx------"), hdfsModes("/jobs/clicks/checkpoint", false));
        assertEquals(List.of("rw-------"), hdfsModes("/jobs/clicks/checkpoint", true));

        // aggregated to HDFS once the application ended: the AM's and the executors' rolled logs
        Await.until(COMMAND_LIMIT, "the aggregated logs", () -> {
            Result logs = run(List.of(yarnScript.toString(), "logs", "-applicationId", app), Map.of());
            return logs.code() == 0 && logs.stdout().contains("LogType:spindle.log")
                    && logs.stdout().contains("Launching executor") && logs.stdout().contains("Executor container_");
        });
    }

    @Test
    @Order(2)
    void yarnJarRunsTheClientJarAndItsOutputIsWhatTheTarballsLocalModeWrites() throws Exception {
        Result submit = run(List.of(yarnScript.toString(), "jar", home.resolve("lib/spindle-client-" + VERSION + ".jar").toString(),
                "submit", "--job", "clickstream", "--jar", examplesJar(), "--checkpoint", "/jobs/clicks2/checkpoint",
                "--output", "/jobs/clicks2/output", "--bootstrap-servers", kafka(), "--trigger", "available-now",
                "--wait"), Map.of());
        assertEquals(0, submit.code(), submit.toString());

        // local mode from the tarball, on the cluster's Hadoop jars instead of the bundled ones
        Path localOutput = work.resolve("local-output");
        Result local = run(List.of(bin("spindle"), "run", "--local", "--job", "clickstream", "--jar", examplesJar(),
                "--bootstrap-servers", kafka(), "--topic", "clicks", "--output", localOutput.toString(),
                "--checkpoint", work.resolve("local-checkpoint").toString(), "--trigger", "available-now"),
                Map.of("HADOOP_CLASSPATH", clusterHadoopJars() + "/*"));
        assertEquals(0, local.code(), local.toString());
        assertTrue(local.stdout().contains("\"status\":\"SUCCEEDED\""), local.toString());

        List<String> expected = localLines(localOutput);
        assertEquals(414 + 88, expected.size(), "the sample's rows and dead letters");
        List<String> actual = new ArrayList<>(hdfsLines("/jobs/clicks2/output"));
        actual.addAll(hdfsLines("/jobs/clicks2/output/_dlq"));
        actual.sort(null);
        assertEquals(expected, actual);
    }

    @Test
    @Order(3)
    void theClustersHadoopReplacesTheBundledOneWhenGiven() throws Exception {
        Result bundled = run(List.of(bin("spindle"), "version"), Map.of());
        assertEquals(0, bundled.code(), bundled.toString());
        for (String name : List.of("spindle " + VERSION, "hadoop ", "kafka-clients ", "zookeeper ", "rocksdb ")) {
            assertTrue(bundled.stdout().contains(name), bundled.toString());
        }
        // HADOOP_HOME: its bin/hadoop classpath names the jars, as a Hadoop installation's does
        Path hadoopHome = work.resolve("hadoop-home");
        Files.createDirectories(hadoopHome.resolve("bin"));
        Files.writeString(hadoopHome.resolve("bin/hadoop"), "#!/usr/bin/env bash\n[[ $1 == classpath ]] && echo '"
                + clusterHadoopJars() + "/*'\n");
        assertTrue(hadoopHome.resolve("bin/hadoop").toFile().setExecutable(true));
        Result withHome = run(List.of(bin("spindle"), "list"), Map.of("HADOOP_HOME", hadoopHome.toString()));
        assertEquals(0, withHome.code(), withHome.toString());
        // and the bundled lib/hadoop/ is then not on the class path at all: without Hadoop it cannot start
        Path empty = Files.createDirectories(work.resolve("no-hadoop"));
        Result withoutHadoop = run(List.of(bin("spindle"), "version"), Map.of("HADOOP_CLASSPATH", empty + "/*"));
        assertNotEquals(0, withoutHadoop.code(), withoutHadoop.toString());
        assertTrue(withoutHadoop.stderr().contains("org/apache/hadoop"), withoutHadoop.toString());
    }

    @Test
    @Order(4)
    void aJobBuiltFromTheTemplateAgainstSpindleApiAloneRunsFromItsJar() throws Exception {
        // what `mvn package` in examples/job-template does: compile against spindle-api only, jar with the service file
        Path template = home.resolve("examples/job-template");
        Path classes = Files.createDirectories(work.resolve("template-classes"));
        List<String> javac = new ArrayList<>(List.of("-d", classes.toString(),
                "-cp", home.resolve("lib/spindle-api-" + VERSION + ".jar").toString()));
        try (Stream<Path> sources = Files.walk(template.resolve("src/main/java"))) {
            sources.filter(file -> file.toString().endsWith(".java")).map(Path::toString).forEach(javac::add);
        }
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                javac.toArray(String[]::new)), "the template compiles against spindle-api alone");
        Path jar = work.resolve("page-counts-job-1.0.jar");
        Result packed = run(List.of(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "--create",
                "--file", jar.toString(), "-C", classes.toString(), ".", "-C",
                template.resolve("src/main/resources").toString(), "."), Map.of());
        assertEquals(0, packed.code(), packed.toString());

        Path output = work.resolve("page-counts");
        Result local = run(List.of(bin("spindle"), "run", "--local", "--job", "page-counts", "--jar", jar.toString(),
                "--bootstrap-servers", kafka(), "--topic", "clicks", "--output", output.toString(),
                "--checkpoint", work.resolve("page-counts-checkpoint").toString(), "--trigger", "available-now"), Map.of());
        assertEquals(0, local.code(), local.toString());
        assertTrue(local.stdout().contains("\"status\":\"SUCCEEDED\"") && local.stdout().contains("\"records_shuffled_out\""),
                local.toString());
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                rows.addAll(Files.readAllLines(file));
            }
        }
        assertTrue(rows.size() > 50, "a row per page and minute: " + rows.size());
        List<String> unexpected = rows.stream()
                .filter(row -> !row.matches("\\{\"window_start\":\"[^\"]+\",\"url\":\"/[^\"]*\",\"clicks\":\\d+}")).toList();
        assertEquals(List.of(), unexpected, "rows as the template writes them");
    }

    @Test
    @Order(5)
    void everyBundledJarIsNamedInTheLicense() throws Exception {
        String license = Files.readString(home.resolve("LICENSE"));
        List<String> unlisted = new ArrayList<>();
        for (Path dir : List.of(home.resolve("lib"), home.resolve("lib/hadoop"))) {
            try (Stream<Path> jars = Files.list(dir)) {
                jars.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar"))
                        .filter(name -> !name.startsWith("spindle-")).filter(name -> !license.contains(name))
                        .sorted().forEach(unlisted::add);
            }
        }
        assertEquals(List.of(), unlisted, "jars bundled without a LICENSE entry");
        assertTrue(Files.isRegularFile(home.resolve("NOTICE")));
    }

    private record Result(List<String> command, int code, String stdout, String stderr) {
        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + code + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Runs a command of the distribution (or the yarn script) from the work directory, with only the cluster's conf. */
    private static Result run(List<String> command, Map<String, String> extraEnvironment) throws Exception {
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("HADOOP_") || name.startsWith("SPINDLE_") || name.startsWith("YARN_"));
        env.put("HADOOP_CONF_DIR", cluster.get("HADOOP_CONF_DIR"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPINDLE_LOG_DIR", work.resolve("logs").toString());
        env.putAll(extraEnvironment);
        Process process = builder.start();
        if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within " + COMMAND_LIMIT);
        }
        return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String find(String regex, String text, Result context) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no " + regex + " in: " + context);
        return matcher.group(1);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of the files directly in an HDFS directory, read as a client of the cluster. */
    private static List<String> hdfsLines(String dir) throws IOException {
        Configuration conf = new Configuration(false);
        conf.addResource(new org.apache.hadoop.fs.Path(cluster.get("HADOOP_CONF_DIR"), "core-site.xml"));
        List<String> lines = new ArrayList<>();
        try (FileSystem fs = FileSystem.newInstance(conf)) {
            for (FileStatus file : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
                if (file.isFile() && !file.getPath().getName().startsWith(".")) {
                    try (var in = fs.open(file.getPath())) {
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
                    }
                }
            }
        }
        return lines;
    }

    /** The distinct modes of an HDFS directory itself, or of every file under it. */
    private static List<String> hdfsModes(String dir, boolean files) throws IOException {
        Configuration conf = new Configuration(false);
        conf.addResource(new org.apache.hadoop.fs.Path(cluster.get("HADOOP_CONF_DIR"), "core-site.xml"));
        try (FileSystem fs = FileSystem.newInstance(conf)) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
            if (!files) {
                return List.of(fs.getFileStatus(path).getPermission().toString());
            }
            java.util.Set<String> modes = new java.util.TreeSet<>();
            var all = fs.listFiles(path, true);
            while (all.hasNext()) {
                modes.add(all.next().getPermission().toString());
            }
            return List.copyOf(modes);
        }
    }

    /** The sorted lines of a local output directory and its dead letters. */
    private static List<String> localLines(Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path dir : List.of(output, output.resolve("_dlq"))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().startsWith(".")).toList()) {
                    lines.addAll(Files.readAllLines(file));
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    private static String bin(String command) {
        return home.resolve("bin").resolve(command).toString();
    }

    private static String examplesJar() {
        return home.resolve("examples/spindle-examples-" + VERSION + ".jar").toString();
    }

    private static String kafka() {
        return cluster.get("kafka.bootstrap.servers");
    }

    /** The cluster's Hadoop installation: the jars its NodeManagers give containers (yarn.application.classpath). */
    private static String clusterHadoopJars() {
        return work.resolve("cluster/hadoop/lib").toString();
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
