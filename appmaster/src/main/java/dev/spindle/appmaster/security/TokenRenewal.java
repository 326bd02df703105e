package dev.spindle.appmaster.security;

import dev.spindle.runtime.security.SecurityOptions;
import dev.spindle.runtime.security.TokenFile;
import java.io.IOException;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster's side of delegation tokens on a Kerberos cluster.
 *
 * <p>With a keytab ({@link SecurityOptions#KEYTAB}, shipped to the AM alone) it logs in from it and
 * obtains new tokens for the job's file systems at once and then whenever 75% of their renew
 * interval has passed (Spark and Flink do the same; re-obtaining, unlike renewing, also outlives
 * the tokens' max lifetime). The new tokens go to the AM's own user, so every executor launched
 * from then on starts with them, and to the {@link TokenFile}, from which running executors take
 * them. The interval is learnt from the NameNode: a probe token renewed once, then cancelled.
 *
 * <p>Without a keytab the job has the tokens it was submitted with, which the ResourceManager
 * renews up to their max lifetime (7 days by default) and not beyond. Shortly before that
 * ({@link SecurityOptions#EXPIRY_MARGIN}, at most half the lifetime) {@code expiring} is told why the job must end, so that
 * it stops after a batch and fails with that reason instead of an I/O error on some later batch.
 */
public final class TokenRenewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRenewal.class);
    private static final double RENEWAL_RATIO = 0.75;

    private final Configuration conf;
    private final Set<URI> fileSystems;
    private final Path tokenFile;
    private final ScheduledExecutorService timer;
    private UserGroupInformation keytabUser;
    private Duration renewInterval;

    private TokenRenewal(Configuration conf, Set<URI> fileSystems, Path tokenFile) {
        this.conf = conf;
        this.fileSystems = fileSystems;
        this.tokenFile = tokenFile;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spindle-token-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts renewing (with a keytab) or watching the max lifetime (without). Does nothing when
     * Hadoop security is off.
     *
     * @param tokenFile where executors find renewed tokens (in the staging directory)
     * @param expiring told, once, why the job must end when its tokens cannot be renewed
     */
    public static TokenRenewal start(Configuration conf, Set<URI> fileSystems, Path tokenFile,
            Consumer<String> expiring, Clock clock) throws IOException, InterruptedException {
        TokenRenewal renewal = new TokenRenewal(conf, fileSystems, tokenFile);
        if (!UserGroupInformation.isSecurityEnabled()) {
            return renewal;
        }
        String keytab = SecurityOptions.KEYTAB.read(conf::get);
        if (keytab.isBlank()) {
            renewal.watchMaxLifetime(expiring, clock);
        } else {
            renewal.loginAndRenew(SecurityOptions.PRINCIPAL.read(conf::get), keytab);
        }
        return renewal;
    }

    private void watchMaxLifetime(Consumer<String> expiring, Clock clock) throws IOException {
        Optional<AbstractDelegationTokenIdentifier> first =
                DelegationTokens.endingFirst(UserGroupInformation.getCurrentUser().getCredentials());
        if (first.isEmpty()) {
            LOG.warn("Kerberos is on but the ApplicationMaster has no delegation token: nothing to renew");
            return;
        }
        AbstractDelegationTokenIdentifier id = first.get();
        Instant maxDate = Instant.ofEpochMilli(id.getMaxDate());
        Duration lifetime = Duration.ofMillis(id.getMaxDate() - id.getIssueDate());
        Duration margin = SecurityOptions.EXPIRY_MARGIN.read(conf::get);
        if (margin.compareTo(lifetime.dividedBy(2)) > 0) {
            margin = lifetime.dividedBy(2);
        }
        Instant stopAt = maxDate.minus(margin);
        String reason = "the job's delegation tokens reach their max lifetime at " + maxDate + " and cannot be renewed"
                + " without a keytab: submit it with --principal and --keytab to run past that (docs/security.md)";
        LOG.info("No keytab: the job will stop at {}, before its delegation tokens end at {}", stopAt, maxDate);
        long delay = Math.max(0, Duration.between(clock.instant(), stopAt).toMillis());
        timer.schedule(() -> {
            LOG.error("Stopping the job: {}", reason);
            expiring.accept(reason);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void loginAndRenew(String principal, String keytab) throws IOException, InterruptedException {
        if (principal.isBlank()) {
            throw new IOException(SecurityOptions.KEYTAB.name() + " is set but " + SecurityOptions.PRINCIPAL.name()
                    + " is not: a keytab needs its principal");
        }
        keytabUser = UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal, keytab);
        renewInterval = keytabUser.doAs((PrivilegedExceptionAction<Duration>) this::probeRenewInterval);
        LOG.info("Logged in as {} from its keytab; delegation tokens last {} between renewals: new ones every {}",
                principal, renewInterval, period());
        renew();
    }

    /** The NameNode's renew interval: what renewing a fresh token of the default file system adds to its issue date. */
    private Duration probeRenewInterval() throws IOException, InterruptedException {
        Credentials probe = new Credentials();
        FileSystem.get(conf).addDelegationTokens(keytabUser.getUserName(), probe);
        for (Token<?> token : probe.getAllTokens()) {
            Optional<AbstractDelegationTokenIdentifier> id = DelegationTokens.identifier(token);
            if (id.isPresent()) {
                long expiry = token.renew(conf);
                token.cancel(conf);
                return Duration.ofMillis(expiry - id.get().getIssueDate());
            }
        }
        throw new IOException("the default file system " + FileSystem.getDefaultUri(conf) + " issued no delegation token");
    }

    private Duration period() {
        return Duration.ofMillis((long) (renewInterval.toMillis() * RENEWAL_RATIO));
    }

    /** Obtains new tokens and hands them on; on failure tries again after a twentieth of the interval. */
    private void renew() {
        Duration next = period();
        try {
            keytabUser.checkTGTAndReloginFromKeytab();
            Credentials fresh = keytabUser.doAs((PrivilegedExceptionAction<Credentials>) () -> {
                Credentials obtained = DelegationTokens.obtain(fileSystems, conf);
                TokenFile.write(tokenFile, obtained, conf);
                return obtained;
            });
            UserGroupInformation.getCurrentUser().addCredentials(fresh);
            for (Token<?> token : fresh.getAllTokens()) {
                LOG.info("Obtained delegation token {}", token);
            }
        } catch (Exception e) {
            next = renewInterval.dividedBy(20);
            LOG.warn("Could not obtain new delegation tokens, trying again in {}: {}", next, e.toString());
        }
        timer.schedule(this::renew, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
