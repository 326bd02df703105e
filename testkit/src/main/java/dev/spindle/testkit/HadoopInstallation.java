package dev.spindle.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The mini cluster's stand-in for a Hadoop installation on a real node: a configuration
 * directory (what {@code HADOOP_CONF_DIR} points at) and a lib directory with the jars the
 * installation provides (what {@code share/hadoop/.../*} holds). Containers find Hadoop through
 * {@code yarn.application.classpath}, which names exactly these two; everything else an
 * application needs it must ship itself as YARN LocalResources, as on a real cluster.
 *
 * <p>The lib directory holds symbolic links to the jars of this JVM's class path, except the
 * project's own code (directories and {@code spindle-*} jars) and the libraries a Hadoop
 * installation does not have (Kafka and RocksDB by default): so an application that forgets to
 * ship them fails here as it would on a real cluster.
 */
final class HadoopInstallation {
    /** Class path entries a Hadoop installation does not provide; applications must ship them. */
    static final Predicate<String> NOT_IN_HADOOP = name ->
            name.startsWith("spindle-") || name.startsWith("kafka") || name.startsWith("rocksdbjni");

    private final Path confDir;
    private final Path libDir;

    private HadoopInstallation(Path confDir, Path libDir) {
        this.confDir = confDir;
        this.libDir = libDir;
    }

    /** Creates the lib directory under {@code home}; the configuration is written later. */
    static HadoopInstallation create(Path home, Predicate<String> excludedJarNames) throws IOException {
        Path confDir = Files.createDirectories(home.resolve("conf"));
        Path libDir = Files.createDirectories(home.resolve("lib"));
        for (Map.Entry<String, Path> jar : installedJars(excludedJarNames).entrySet()) {
            Files.createSymbolicLink(libDir.resolve(jar.getKey()), jar.getValue());
        }
        return new HadoopInstallation(confDir, libDir);
    }

    /** Sets {@code yarn.application.classpath} to this installation's conf and lib directories. */
    void setApplicationClasspath(Configuration conf) {
        conf.setStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH, confDir.toString(), libDir + "/*");
    }

    /**
     * Writes {@code conf} as core-site.xml, hdfs-site.xml and yarn-site.xml. All three carry
     * every setting: a YARN process loads yarn-default.xml after core-site.xml, so a YARN
     * setting written only into core-site.xml would be overridden by its default.
     */
    void writeConfiguration(Configuration conf) throws IOException {
        for (String name : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            Path target = confDir.resolve(name);
            Path temp = confDir.resolve("." + name + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                conf.writeXml(out);
            }
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    Path confDir() {
        return confDir;
    }

    Path libDir() {
        return libDir;
    }

    private static Map<String, Path> installedJars(Predicate<String> excludedJarNames) {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            String name = path.getFileName().toString();
            if (Files.isRegularFile(path) && name.endsWith(".jar") && !excludedJarNames.test(name)) {
                jars.putIfAbsent(name, path);
            }
        }
        return jars;
    }
}
