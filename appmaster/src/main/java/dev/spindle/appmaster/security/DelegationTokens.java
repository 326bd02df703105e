package dev.spindle.appmaster.security;

import dev.spindle.api.job.StreamJob;
import dev.spindle.api.table.StaticTable;
import dev.spindle.runtime.JobSpec;
import dev.spindle.runtime.security.SecurityOptions;
import dev.spindle.runtime.sink.OutputLocation;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.util.YarnClientUtils;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.apache.hadoop.yarn.util.ConverterUtils;

/**
 * Hadoop delegation tokens for a job on a Kerberos cluster: which file systems it needs them for,
 * obtaining them (as a user with Kerberos credentials), and what they tell about their lifetime.
 * The submitter obtains the first ones; the ApplicationMaster, given a keytab, new ones
 * ({@link TokenRenewal}).
 */
public final class DelegationTokens {
    private DelegationTokens() {}

    /**
     * The file systems a job reads or writes, as their URIs: {@code fs.defaultFS} (the staging
     * directory), the checkpoint's, the output's (unless it is Kafka), each static table's, and
     * {@link SecurityOptions#FILE_SYSTEMS}.
     */
    public static Set<URI> fileSystems(JobSpec spec, StreamJob job, Configuration conf) throws IOException {
        Set<URI> fileSystems = new LinkedHashSet<>();
        fileSystems.add(FileSystem.getDefaultUri(conf));
        fileSystems.add(fileSystemOf(new Path(spec.checkpoint()), conf));
        if (!OutputLocation.under(spec.output()).isKafka()) {
            fileSystems.add(fileSystemOf(new Path(spec.output()), conf));
        }
        for (StaticTable table : job.tables()) {
            String path = conf.get(table.pathSetting(), "");
            if (!path.isBlank()) {
                fileSystems.add(fileSystemOf(new Path(path.trim()), conf));
            }
        }
        for (String uri : SecurityOptions.FILE_SYSTEMS.read(conf::get).split(",")) {
            if (!uri.isBlank()) {
                fileSystems.add(fileSystemOf(new Path(uri.trim()), conf));
            }
        }
        return fileSystems;
    }

    private static URI fileSystemOf(Path path, Configuration conf) throws IOException {
        return path.getFileSystem(conf).getUri();
    }

    /**
     * New delegation tokens for each file system, obtained as the current user (who must have
     * Kerberos credentials) and renewable by the ResourceManager, as YARN needs to keep them alive
     * for the application. Each is stored under its service, as Hadoop stores them.
     */
    public static Credentials obtain(Set<URI> fileSystems, Configuration conf) throws IOException {
        Credentials credentials = new Credentials();
        String renewer = renewer(conf);
        for (URI uri : fileSystems) {
            FileSystem.get(uri, conf).addDelegationTokens(renewer, credentials);
        }
        return credentials;
    }

    /** Adds a delegation token of the ResourceManager (renewable by it), for processes that talk to it. */
    public static void addResourceManagerToken(YarnClient yarn, Configuration conf, Credentials credentials)
            throws IOException, YarnException {
        org.apache.hadoop.yarn.api.records.Token token = yarn.getRMDelegationToken(new Text(renewer(conf)));
        Token<TokenIdentifier> converted = ConverterUtils.convertFromYarn(token,
                ClientRMProxy.getRMDelegationTokenService(conf));
        credentials.addToken(converted.getService(), converted);
    }

    /** The ResourceManager's principal: the renewer YARN needs on every token it keeps alive. */
    static String renewer(Configuration conf) throws IOException {
        String principal = YarnClientUtils.getRmPrincipal(conf);
        if (principal == null || principal.isBlank()) {
            throw new IOException("yarn.resourcemanager.principal is not set: Spindle needs it to obtain delegation "
                    + "tokens YARN can renew (put the cluster's yarn-site.xml in HADOOP_CONF_DIR)");
        }
        return principal;
    }

    /** The tokens as YARN takes them in a launch context. */
    public static ByteBuffer bytes(Credentials credentials) throws IOException {
        DataOutputBuffer buffer = new DataOutputBuffer();
        credentials.writeTokenStorageToStream(buffer);
        return ByteBuffer.wrap(buffer.getData(), 0, buffer.getLength());
    }

    /** The tokens an executor gets: all but the ApplicationMaster's own token for the ResourceManager. */
    public static Credentials forExecutors(Credentials credentials) {
        Credentials executors = new Credentials();
        credentials.getTokenMap().forEach((alias, token) -> {
            if (!AMRMTokenIdentifier.KIND_NAME.equals(token.getKind())) {
                executors.addToken(alias, token);
            }
        });
        return executors;
    }

    /** The identifier of the delegation token among {@code credentials} whose max lifetime ends first, if any. */
    public static Optional<AbstractDelegationTokenIdentifier> endingFirst(Credentials credentials) {
        return credentials.getAllTokens().stream()
                .map(DelegationTokens::identifier)
                .flatMap(Optional::stream)
                .min(Comparator.comparingLong(AbstractDelegationTokenIdentifier::getMaxDate));
    }

    /** The identifier of a delegation token (HDFS, RM, ...), or empty for other tokens. */
    static Optional<AbstractDelegationTokenIdentifier> identifier(Token<? extends TokenIdentifier> token) {
        try {
            return token.decodeIdentifier() instanceof AbstractDelegationTokenIdentifier id
                    ? Optional.of(id) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
