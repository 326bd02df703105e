package dev.spindle.runtime.security;

import dev.spindle.api.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * How a job authenticates on a Kerberos cluster ({@code hadoop.security.authentication=kerberos}):
 * who submits it, which file systems it needs delegation tokens for, and how executors pick up the
 * tokens the ApplicationMaster renews. Read by {@code spindle-submit}, the ApplicationMaster and the
 * executors; on a cluster without Kerberos none of them has an effect.
 */
public final class SecurityOptions {
    public static final ConfigKey<String> PRINCIPAL = ConfigKey.ofString("spindle.kerberos.principal", "",
            "The Kerberos principal to submit as and to renew the job's delegation tokens with, together with "
                    + "spindle.kerberos.keytab (spindle-submit --principal). Empty: spindle-submit uses the ticket "
                    + "cache (kinit), and the job ends, failed, shortly before its tokens' max lifetime.");
    public static final ConfigKey<String> KEYTAB = ConfigKey.ofString("spindle.kerberos.keytab", "",
            "The keytab of spindle.kerberos.principal (spindle-submit --keytab): shipped to the ApplicationMaster "
                    + "alone (and the executors, with spindle.zookeeper.sasl), from the private staging directory, so "
                    + "that it can log in again and obtain new delegation tokens for as long as the job runs.");
    public static final ConfigKey<String> FILE_SYSTEMS = ConfigKey.ofString("spindle.kerberos.file-systems", "",
            "More file systems the job needs delegation tokens for, as comma-separated URIs (hdfs://other-nn:8020). "
                    + "Always included: fs.defaultFS, the checkpoint's, the output's and every static table's.");
    public static final ConfigKey<Duration> TOKEN_CHECK_INTERVAL = ConfigKey.ofDuration(
            "spindle.kerberos.token-check-interval", Duration.ofMinutes(1),
            new ConfigKey.Rule<>(d -> d.toMillis() >= 100, "must be at least 100ms"),
            "How often executors look for the delegation tokens the ApplicationMaster renewed. The AM obtains "
                    + "new tokens when 75% of their renew interval has passed, so this must be well below a quarter "
                    + "of the NameNode's dfs.namenode.delegation.token.renew-interval (a day by default).");
    public static final ConfigKey<Duration> EXPIRY_MARGIN = ConfigKey.ofDuration("spindle.kerberos.expiry-margin",
            Duration.ofHours(1), new ConfigKey.Rule<>(d -> d.toMillis() >= 1000, "must be at least 1s"),
            "Without a keytab: how long before its delegation tokens reach their max lifetime the job stops, after "
                    + "its current batch, and fails with the reason (at most half the lifetime is used).");

    private SecurityOptions() {}

    public static List<ConfigKey<?>> all() {
        return List.of(PRINCIPAL, KEYTAB, FILE_SYSTEMS, TOKEN_CHECK_INTERVAL, EXPIRY_MARGIN);
    }
}
