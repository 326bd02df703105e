package dev.spindle.runtime.coordination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Who may write a job's znodes. With digest credentials ({@link CoordinationOptions#ZOOKEEPER_DIGEST_FILE})
 * or Kerberos ({@link CoordinationOptions#ZOOKEEPER_SASL}) every znode at or under the job's base ({@code <root>/jobs/<job>}) is created writable only by
 * that identity (and the admin identity, if one is set) and readable by all, so that another
 * ZooKeeper client cannot change the epoch, a plan, a report or a stop request; the shared
 * ancestors ({@code <root>}, {@code <root>/jobs}) stay open so that other jobs, with other
 * credentials, can create their own bases beside it.
 */
public final class JobAcls implements ACLProvider {
    private final String jobBase;
    private final List<ACL> jobAcl;

    private JobAcls(String jobBase, List<ACL> jobAcl) {
        this.jobBase = jobBase;
        // a mutable-backed list: ZooKeeper asks it contains(null), which List.copyOf's lists refuse to answer
        this.jobAcl = Collections.unmodifiableList(new ArrayList<>(jobAcl));
    }

    /** The digest credentials configured ({@code user:password}), or null when none are. */
    public static String credentials(Function<String, String> conf) throws IOException {
        String file = CoordinationOptions.ZOOKEEPER_DIGEST_FILE.read(conf);
        if (file.isBlank()) {
            return null;
        }
        String credentials;
        try {
            credentials = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the ZooKeeper credentials in " + file + " ("
                    + CoordinationOptions.ZOOKEEPER_DIGEST_FILE.name() + "): " + e.getMessage(), e);
        }
        if (credentials.indexOf(':') <= 0 || credentials.contains("\n")) {
            throw new IOException("the ZooKeeper credentials in " + file + " must be one line user:password");
        }
        return credentials;
    }

    /** The identity of digest credentials ({@code user:password}) in an ACL. */
    static Id digest(String credentials) {
        try {
            return new Id("digest", DigestAuthenticationProvider.generateDigest(credentials));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA1 for ZooKeeper's digest", e);
        }
    }

    /**
     * The ACLs for the job under {@code jobBase}: every permission for {@code writer} (digest
     * credentials, or {@link ZooDefs.Ids#AUTH_IDS}: whatever the creating session authenticated
     * as, which for Kerberos is the principal as the server maps it) and the configured admin.
     */
    static JobAcls forJob(String jobBase, Id writer, Function<String, String> conf) {
        List<ACL> acl = new ArrayList<>();
        acl.add(new ACL(ZooDefs.Perms.ALL, writer));
        String admin = CoordinationOptions.ZOOKEEPER_ADMIN_ACL.read(conf).strip();
        if (!admin.isEmpty()) {
            int colon = admin.indexOf(':');
            if (colon <= 0 || colon == admin.length() - 1) {
                throw new IllegalArgumentException(CoordinationOptions.ZOOKEEPER_ADMIN_ACL.name()
                        + " must be scheme:id (digest:admin:HASH or sasl:PRINCIPAL), got '" + admin + "'");
            }
            acl.add(new ACL(ZooDefs.Perms.ALL, new Id(admin.substring(0, colon), admin.substring(colon + 1))));
        }
        acl.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        return new JobAcls(jobBase, acl);
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return ZooDefs.Ids.OPEN_ACL_UNSAFE;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return path.equals(jobBase) || path.startsWith(jobBase + "/") ? jobAcl : ZooDefs.Ids.OPEN_ACL_UNSAFE;
    }
}
