package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The class path {@code spindle-submit} and {@code sbin/spindle} run with (the client module's
 * runtime dependencies, written to target/runtime-classpath.txt before the tests) holds clients
 * only: no minicluster, no Hadoop or Kafka server, no test jar or test framework. Those belong to
 * the spindle-embedded module and the tests.
 */
class SubmitClassPathTest {
    /** Jars of servers, the embedded stack and tests, by file name. */
    private static final Pattern NOT_FOR_SUBMIT = Pattern.compile(String.join("|",
            "hadoop-minicluster-.*", "hadoop-yarn-server-.*", "hadoop-hdfs-\\d.*", "hadoop-mapreduce-.*",
            ".*-tests\\.jar", ".*-test-jar.*", "kafka_2\\.\\d+-.*", "kafka-server-.*", "kafka-metadata-.*",
            "kafka-raft-.*", "kafka-storage-.*", "scala-library-.*", "junit-.*", "junit-jupiter.*", "mockito-.*",
            "curator-test-.*", "mssql-jdbc-.*", "spindle-testkit-.*", "spindle-embedded-.*"));

    @Test
    void theSubmitClassPathHoldsNoServerMiniclusterOrTestJar() throws Exception {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.isRegularFile(file), file + " is written before the tests (maven-dependency-plugin)");
        List<String> entries = Arrays.stream(Files.readString(file).trim().split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();
        assertTrue(entries.size() > 20, "the class path read: " + entries);
        List<String> banned = entries.stream().filter(name -> NOT_FOR_SUBMIT.matcher(name).matches()).sorted().toList();
        assertEquals(List.of(), banned, "jars that only the embedded stack or the tests need");
    }
}
