package dev.spindle.runtime.security;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's side of token renewal: every {@link SecurityOptions#TOKEN_CHECK_INTERVAL} it looks
 * at the job's {@link TokenFile}, and when the ApplicationMaster replaced it, adds the new tokens to
 * the process's user. They replace the old ones (a token is stored under its service, as
 * {@code FileSystem.addDelegationTokens} stores it), so every connection opened from then on uses
 * them; connections already open stay authenticated.
 */
public final class TokenFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFileWatcher.class);

    private final Path file;
    private final Configuration conf;
    private final ScheduledExecutorService timer;
    private long seenModificationTime = -1;

    private TokenFileWatcher(Path file, Configuration conf) {
        this.file = file;
        this.conf = conf;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spindle-token-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Watches the file named by {@link TokenFile#ENV}, if the container has one (only on a Kerberos
     * cluster); otherwise a watcher that does nothing.
     */
    public static TokenFileWatcher start(Configuration conf) {
        String location = System.getenv(TokenFile.ENV);
        TokenFileWatcher watcher = new TokenFileWatcher(location == null ? null : new Path(location), conf);
        if (location != null) {
            long every = SecurityOptions.TOKEN_CHECK_INTERVAL.read(conf::get).toMillis();
            watcher.timer.scheduleWithFixedDelay(watcher::check, every, every, TimeUnit.MILLISECONDS);
            LOG.info("Looking for renewed delegation tokens in {} every {}", location, Duration.ofMillis(every));
        }
        return watcher;
    }

    private void check() {
        try {
            long modified = file.getFileSystem(conf).getFileStatus(file).getModificationTime();
            if (modified == seenModificationTime) {
                return;
            }
            Credentials credentials = TokenFile.read(file, conf);
            UserGroupInformation.getCurrentUser().addCredentials(credentials);
            seenModificationTime = modified;
            for (Token<?> token : credentials.getAllTokens()) {
                LOG.info("Using renewed delegation token {}", token);
            }
        } catch (FileNotFoundException e) {
            // the ApplicationMaster has not renewed the tokens the container started with yet
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read renewed delegation tokens from {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
