package dev.spindle.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.hadoop.util.VersionInfo;
import org.apache.kafka.common.utils.AppInfoParser;
import org.rocksdb.RocksDB;

/**
 * {@code spindle version}: Spindle's version and those of the libraries it runs with here — Hadoop
 * (the cluster's, when the distribution uses the cluster's jars), the Kafka client, ZooKeeper and
 * RocksDB — one per line, as {@code name version}.
 */
final class VersionCommand {
    private final PrintStream out;

    VersionCommand(PrintStream out) {
        this.out = out;
    }

    int run() {
        out.println("spindle " + spindleVersion());
        out.println("hadoop " + VersionInfo.getVersion());
        out.println("kafka-clients " + AppInfoParser.getVersion());
        out.println("zookeeper " + org.apache.zookeeper.Version.getFullVersion().split("[- ]")[0]);
        RocksDB.loadLibrary();
        RocksDB.Version rocksdb = RocksDB.rocksdbVersion();
        out.println("rocksdb " + rocksdb.getMajor() + "." + rocksdb.getMinor() + "." + rocksdb.getPatch());
        out.println("java " + System.getProperty("java.version"));
        return ExitCode.OK;
    }

    /** The version this build of Spindle was made as. */
    static String spindleVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
