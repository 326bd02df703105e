package dev.spindle.client;

import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.api.table.StaticTable;
import dev.spindle.runtime.driver.BatchDriver;
import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.TestHooks;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The configuration a command runs with, in increasing precedence: Hadoop's files on the class
 * path ({@code HADOOP_CONF_DIR}: core-site.xml, hdfs-site.xml, ...), {@code conf/spindle-site.xml},
 * then each {@code --conf key=value}.
 */
public final class CliConfiguration {
    private CliConfiguration() {}

    private static final String FROM_COMMAND_LINE = "--conf";
    /** Settings a job declares for itself ({@link StreamJob#settings}), checked once the job is known. */
    static final String JOB_PREFIX = "spindle.job.";

    /**
     * @throws UsageException one line: a {@code --conf} that is not {@code key=value}, or a
     *     {@code spindle.*} key Spindle does not know (a typo would otherwise be ignored), with the
     *     closest known key; any {@code spindle.kafka.<key>} is known (Kafka's clients check it)
     * @throws IllegalArgumentException one line naming a key whose value breaks its rule, or a
     *     {@code spindle.kafka.*} setting {@link KafkaClientSettings} refuses
     */
    public static Configuration load(List<String> overrides) throws UsageException {
        Configuration conf = new Configuration();
        java.nio.file.Path confDir = SpindleHome.confDir();
        if (conf.getResource("spindle-site.xml") == null && confDir != null
                && java.nio.file.Files.isRegularFile(confDir.resolve("spindle-site.xml"))) {
            // not on the class path (yarn jar runs the client jar with Hadoop's): the distribution's conf/
            conf.addResource(new org.apache.hadoop.fs.Path(confDir.resolve("spindle-site.xml").toUri()));
        } else {
            conf.addResource("spindle-site.xml");
        }
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--conf takes key=value, got '" + override + "'");
            }
            conf.set(override.substring(0, equals).trim(), override.substring(equals + 1).trim(), FROM_COMMAND_LINE);
        }
        for (Map.Entry<String, String> setting : conf) {
            String name = setting.getKey();
            if (KnownSettings.TEST_ONLY.contains(name)) {
                if (!TestHooks.enabled()) {
                    throw new UsageException("setting '" + name + "' " + origin(conf, name) + " is a switch of Spindle's own"
                            + " tests and is refused outside them; remove it");
                }
                continue;
            }
            if (name.startsWith("spindle.") && !name.startsWith(JOB_PREFIX)
                    && !name.startsWith(KafkaClientSettings.PREFIX) && !KnownSettings.isKnown(name)) {
                throw new UsageException("unknown setting '" + name + "' " + origin(conf, name) + "; the closest known key is "
                        + KnownSettings.closest(name) + " (all are in docs/configuration.md)");
            }
        }
        KnownSettings.SECTIONS.forEach(section -> section.keys().forEach(key -> key.read(conf::get))); // bad values fail now
        KafkaClientSettings.from(conf);
        return conf;
    }

    /**
     * Checks the {@code spindle.job.*} settings against the job's own: each one set must be one the
     * job takes, and each one the job takes must be set.
     *
     * @throws UsageException one line naming the setting, and what the job takes
     */
    public static void checkJobSettings(Configuration conf, StreamJob job) throws UsageException {
        List<String> takes = job.settings();
        for (Map.Entry<String, String> setting : conf) {
            String name = setting.getKey();
            if (name.startsWith(JOB_PREFIX) && !takes.contains(name)) {
                throw new UsageException("unknown setting '" + name + "' " + origin(conf, name) + "; job " + job.name()
                        + (takes.isEmpty() ? " takes no " + JOB_PREFIX + "* setting" : " takes " + String.join(", ", takes)));
            }
        }
        for (StaticTable table : job.tables()) {
            String name = table.pathSetting();
            if (conf.get(name) == null || conf.get(name).isBlank()) {
                throw new UsageException("job " + job.name() + " needs --conf " + name + "=PATH (the file of the table it "
                        + "joins: hdfs://..., file:///..., or a path on fs.defaultFS)");
            }
        }
        try {
            BatchDriver.shufflePartitions(job, conf::get);
        } catch (InvalidSettingException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String origin(Configuration conf, String name) {
        String[] sources = conf.getPropertySources(name);
        String source = sources == null || sources.length == 0 ? "" : sources[sources.length - 1];
        return source.equals(FROM_COMMAND_LINE) ? "(given with --conf)" : "(set in " + source + ")";
    }
}
