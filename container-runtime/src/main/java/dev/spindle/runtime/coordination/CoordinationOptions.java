package dev.spindle.runtime.coordination;

import static dev.spindle.api.config.ConfigKey.atLeast;

import dev.spindle.api.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/** Where jobs coordinate in ZooKeeper; the ApplicationMaster and the tools read the same keys. */
public final class CoordinationOptions {
    public static final ConfigKey<String> ZOOKEEPER_CONNECT = ConfigKey.ofString("spindle.zookeeper.connect", "",
            "ZooKeeper connect string (host:port,...) where jobs elect their leader and coordinate batches. "
                    + "Empty: not configured.");
    public static final ConfigKey<String> ZOOKEEPER_ROOT = ConfigKey.ofString("spindle.zookeeper.root", "/spindle",
            "The znode under which every job keeps /jobs/<job-name>.");
    public static final ConfigKey<String> ZOOKEEPER_DIGEST_FILE = ConfigKey.ofString("spindle.zookeeper.digest-file", "",
            "A file holding ZooKeeper digest credentials, user:password on one line. When set, Spindle's processes "
                    + "authenticate with them and create a job's znodes writable by these credentials only (readable by "
                    + "all), so nobody else can change its epoch, plans or stop request; spindle-submit ships the file "
                    + "to the containers, privately. Empty: open ACLs.");
    public static final ConfigKey<String> ZOOKEEPER_ADMIN_ACL = ConfigKey.ofString("spindle.zookeeper.admin-acl", "",
            "With spindle.zookeeper.digest-file: one more identity given every permission on a job's znodes, as "
                    + "scheme:id (digest:admin:BASE64-SHA1 as ZooKeeper's DigestAuthenticationProvider makes it, or "
                    + "sasl:PRINCIPAL). Empty: none.");
    public static final ConfigKey<Boolean> ZOOKEEPER_SASL = ConfigKey.ofBoolean("spindle.zookeeper.sasl", false,
            "Authenticate to ZooKeeper with Kerberos (SASL), as spindle.kerberos.principal from spindle.kerberos.keytab "
                    + "or, without a keytab, from the ticket cache (spindle stop after kinit). A job's znodes are then "
                    + "created writable only by the identity its session authenticated as (and spindle.zookeeper."
                    + "admin-acl), readable by all. The containers log in from the keytab, which spindle-submit then "
                    + "ships to the executors too (ZooKeeper takes no delegation tokens).");
    public static final ConfigKey<String> ZOOKEEPER_SERVER_PRINCIPAL = ConfigKey.ofString(
            "spindle.zookeeper.server-principal", "",
            "With spindle.zookeeper.sasl: ZooKeeper's Kerberos principal. Empty: zookeeper/<server host>, as "
                    + "ZooKeeper's client assumes.");
    public static final ConfigKey<Duration> ZOOKEEPER_SESSION_TIMEOUT = ConfigKey.ofDuration(
            "spindle.zookeeper.session-timeout", Duration.ofSeconds(30),
            ConfigKey.between(Duration.ofSeconds(1), ConfigKey.INT_MILLIS),
            "ZooKeeper session timeout: how long a leader or executor may be cut off before it is replaced.");
    public static final ConfigKey<Duration> TASK_TIMEOUT = ConfigKey.ofDuration("spindle.task.timeout",
            Duration.ofMinutes(5), new ConfigKey.Rule<>(d -> d.toMillis() >= 1000, "must be at least 1s"),
            "An attempt that has not reported within this time is given to another executor, and its executor's "
                    + "container is stopped (the pool starts a replacement).");
    public static final ConfigKey<Duration> EXECUTOR_START_TIMEOUT = ConfigKey.ofDuration(
            "spindle.executor.start-timeout", Duration.ofMinutes(3),
            new ConfigKey.Rule<>(d -> d.toMillis() >= 1000, "must be at least 1s"),
            "How long a new executor container may take to announce itself in ZooKeeper (jar localization, JVM "
                    + "start) before it is stopped and replaced. An executor that was announced and lost its znode "
                    + "is stopped after spindle.task.timeout instead.");
    public static final ConfigKey<Duration> EXECUTOR_ORPHAN_TIMEOUT = ConfigKey.ofDuration(
            "spindle.executor.orphan-timeout", Duration.ofMinutes(2),
            new ConfigKey.Rule<>(d -> d.toMillis() >= 1000, "must be at least 1s"),
            "How long an executor whose ApplicationMaster is gone waits for a new one before it exits.");
    public static final ConfigKey<Integer> ZOOKEEPER_CONNECT_TIMEOUT_SECONDS = ConfigKey.ofInt(
            "spindle.zookeeper.connect-timeout-seconds", 15, atLeast(1),
            "How long the ApplicationMaster, the executors and the tools wait to reach ZooKeeper before giving up.");

    private CoordinationOptions() {}

    public static List<ConfigKey<?>> all() {
        return List.of(ZOOKEEPER_CONNECT, ZOOKEEPER_ROOT, ZOOKEEPER_DIGEST_FILE, ZOOKEEPER_SASL,
                ZOOKEEPER_SERVER_PRINCIPAL, ZOOKEEPER_ADMIN_ACL,
                ZOOKEEPER_SESSION_TIMEOUT, ZOOKEEPER_CONNECT_TIMEOUT_SECONDS,
                TASK_TIMEOUT, EXECUTOR_START_TIMEOUT, EXECUTOR_ORPHAN_TIMEOUT);
    }

    /** The znode of a job's leader latch. */
    public static String leaderLatchPath(String root, String jobName) {
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/jobs/" + jobName + "/leader";
    }
}
