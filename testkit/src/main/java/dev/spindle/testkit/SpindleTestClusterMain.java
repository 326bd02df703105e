package dev.spindle.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import sun.misc.Signal;

/**
 * {@code sbin/spindle-testcluster}: starts a {@link SpindleTestCluster} and keeps it running
 * until interrupted, printing where each service listens, so that tools (a Kafka console
 * producer, {@code hdfs dfs} with {@code HADOOP_CONF_DIR}, a ZooKeeper shell) can be pointed at it.
 */
public final class SpindleTestClusterMain {
    private SpindleTestClusterMain() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options()
                .addOption(null, "base-dir", true, "where the services keep their data (default: a new temp dir)")
                .addOption(null, "node-managers", true, "number of YARN NodeManagers (default 2; 0 runs no YARN)")
                .addOption(null, "no-kafka", false, "do not start the Kafka broker")
                .addOption(null, "keep-data", false, "keep the data directory after stopping")
                .addOption("h", "help", false, "print this help");
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            System.err.println("spindle-testcluster: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (line.hasOption("help") || !line.getArgList().isEmpty()) {
            new HelpFormatter().printHelp("spindle-testcluster [options]", options);
            System.exit(line.hasOption("help") ? 0 : 1);
        }
        SpindleTestCluster.Builder builder = SpindleTestCluster.builder()
                .kafka(!line.hasOption("no-kafka"))
                .keepData(line.hasOption("keep-data"));
        builder.baseDir(line.hasOption("base-dir")
                ? Path.of(line.getOptionValue("base-dir"))
                : java.nio.file.Files.createTempDirectory("spindle-testcluster-"));
        int nodeManagers = line.hasOption("node-managers") ? parseCount(line.getOptionValue("node-managers")) : 2;
        builder.nodeManagers(nodeManagers);

        // Jersey, inside the YARN web apps, logs through java.util.logging at INFO.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        // Stop on Ctrl-C or TERM from the main thread, not in a shutdown hook: Hadoop's services
        // unregister shutdown hooks while stopping, which the JVM refuses once it is shutting down.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(signal), received -> stopRequested.countDown());
        }
        SpindleTestCluster cluster = builder.start();
        YarnConfiguration conf = new YarnConfiguration(cluster.configuration());
        System.out.println("started: " + cluster.startupReport());
        System.out.println("HADOOP_CONF_DIR=" + cluster.hadoopConfDir());
        System.out.println("fs.defaultFS=" + conf.get("fs.defaultFS"));
        if (nodeManagers == 0) {
            System.out.println("yarn: not running");
        } else {
            System.out.println("yarn.resourcemanager.address=" + conf.get(YarnConfiguration.RM_ADDRESS));
            System.out.println("yarn.resourcemanager.webapp.address=" + conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));
            System.out.println("ResourceManager UI: " + cluster.resourceManagerWebUrl() + "/cluster");
        }
        System.out.println("zookeeper=" + cluster.zooKeeperConnectString());
        if (!line.hasOption("no-kafka")) {
            System.out.println("kafka.bootstrap.servers=" + cluster.kafkaBootstrapServers());
        }
        System.out.println("running; stop with Ctrl-C");
        stopRequested.await();
        System.out.println("stopping");
        cluster.close();
        System.exit(0);
    }

    private static int parseCount(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("spindle-testcluster: --node-managers must be a number, got '" + value + "'");
            System.exit(1);
            return 0;
        }
    }
}
