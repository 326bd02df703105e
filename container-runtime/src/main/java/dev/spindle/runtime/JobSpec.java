package dev.spindle.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * What a submitted job runs with, handed from {@code spindle-submit} to the ApplicationMaster and
 * executors as the file {@value #FILE_NAME}: which job, its input, checkpoint and output, the
 * trigger, where to coordinate, and every {@code spindle.*} setting.
 */
public record JobSpec(String jobName, String topic, String bootstrapServers, URI checkpoint, URI output,
        String trigger, String zooKeeperConnect, String zooKeeperRoot, Map<String, String> settings) {
    public static final String FILE_NAME = "spindle-job.properties";

    public JobSpec {
        settings = Map.copyOf(settings);
    }

    /** The {@code spindle.*} settings of {@code conf}: what a job spec carries to the containers. */
    public static Map<String, String> settingsOf(Configuration conf) {
        Map<String, String> settings = new TreeMap<>();
        conf.forEach(entry -> {
            if (entry.getKey().startsWith("spindle.")) {
                settings.put(entry.getKey(), entry.getValue());
            }
        });
        return settings;
    }

    public void write(OutputStream out) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("job", jobName);
        properties.setProperty("topic", topic);
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("checkpoint", checkpoint.toString());
        properties.setProperty("output", output.toString());
        properties.setProperty("trigger", trigger);
        properties.setProperty("zookeeper.connect", zooKeeperConnect);
        properties.setProperty("zookeeper.root", zooKeeperRoot);
        settings.forEach((key, value) -> properties.setProperty("conf." + key, value));
        properties.store(out, "Spindle job");
    }

    public static JobSpec read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("conf.")) {
                settings.put(name.substring(5), properties.getProperty(name));
            }
        }
        return new JobSpec(properties.getProperty("job"), properties.getProperty("topic"),
                properties.getProperty("bootstrap.servers"), URI.create(properties.getProperty("checkpoint")),
                URI.create(properties.getProperty("output")), properties.getProperty("trigger"),
                properties.getProperty("zookeeper.connect"), properties.getProperty("zookeeper.root"), settings);
    }

    /** This spec with {@code key} set to {@code value}. */
    public JobSpec withSetting(String key, String value) {
        Map<String, String> changed = new TreeMap<>(settings);
        changed.put(key, value);
        return new JobSpec(jobName, topic, bootstrapServers, checkpoint, output, trigger, zooKeeperConnect, zooKeeperRoot,
                changed);
    }

    /** A {@code spindle.*} setting, or null. */
    public String setting(String key) {
        return settings.get(key);
    }
}
