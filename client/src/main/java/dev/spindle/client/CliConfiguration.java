package dev.spindle.client;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The configuration a command runs with, in increasing precedence: Hadoop's files on the class
 * path ({@code HADOOP_CONF_DIR}: core-site.xml, hdfs-site.xml, ...), {@code conf/spindle-site.xml},
 * then each {@code --conf key=value}.
 */
final class CliConfiguration {
    private CliConfiguration() {}

    static Configuration load(List<String> overrides) throws UsageException {
        Configuration conf = new Configuration();
        conf.addResource("spindle-site.xml");
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--conf takes key=value, got '" + override + "'");
            }
            conf.set(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
        }
        return conf;
    }
}
