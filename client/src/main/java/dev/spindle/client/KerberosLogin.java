package dev.spindle.client;

import dev.spindle.runtime.coordination.CoordinationOptions;
import dev.spindle.runtime.security.SecurityOptions;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Who {@code spindle-submit} acts as. Without Hadoop security, the current user. On a Kerberos
 * cluster, the principal of {@code --principal}/{@code --keytab} (spindle.kerberos.*) logged in from
 * its keytab, or else the user of the ticket cache ({@code kinit}); with neither, a one-line refusal
 * instead of a SASL stack trace from the first RPC.
 */
final class KerberosLogin {
    static final String ZOOKEEPER_SASL_NEEDS_KEYTAB = CoordinationOptions.ZOOKEEPER_SASL.name() + " needs --principal"
            + " and --keytab: the containers log in to ZooKeeper from the keytab (ZooKeeper takes no delegation tokens)";

    private KerberosLogin() {}

    static UserGroupInformation submitter(Configuration conf) throws IOException, UsageException {
        if (CoordinationOptions.ZOOKEEPER_SASL.read(conf::get) && SecurityOptions.KEYTAB.read(conf::get).isBlank()) {
            throw new UsageException(ZOOKEEPER_SASL_NEEDS_KEYTAB);
        }
        UserGroupInformation.setConfiguration(conf);
        if (!UserGroupInformation.isSecurityEnabled()) {
            return UserGroupInformation.getCurrentUser();
        }
        String principal = SecurityOptions.PRINCIPAL.read(conf::get);
        String keytab = SecurityOptions.KEYTAB.read(conf::get);
        if (!keytab.isBlank()) {
            if (principal.isBlank()) {
                throw new UsageException("--keytab needs --principal: the principal whose key the keytab holds");
            }
            if (!Files.isReadable(Path.of(keytab))) {
                throw new UsageException("keytab " + keytab + " does not exist or cannot be read");
            }
            try {
                return UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal, keytab);
            } catch (IOException e) {
                throw new IOException("cannot log in as " + principal + " from keytab " + keytab + ": " + rootCause(e), e);
            }
        }
        if (!principal.isBlank()) {
            throw new UsageException("--principal needs --keytab: the keytab lets the job renew its tokens");
        }
        UserGroupInformation user = UserGroupInformation.getCurrentUser();
        if (!user.hasKerberosCredentials()) {
            throw new UsageException("the cluster uses Kerberos and " + user.getUserName() + " has no Kerberos ticket:"
                    + " run kinit, or give --principal and --keytab");
        }
        return user;
    }

    /** Runs {@code action} as {@code user}; its exceptions come out as they were thrown. */
    static <T> T doAs(UserGroupInformation user, PrivilegedExceptionAction<T> action) throws Exception {
        try {
            return user.doAs(action);
        } catch (UndeclaredThrowableException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
