package dev.spindle.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * A Kerberos realm for a secured {@link SpindleTestCluster}: Hadoop's MiniKdc on 127.0.0.1, one
 * service principal for every Hadoop daemon and one user principal for the jobs.
 *
 * <p>The daemons share one principal, {@code <os-user>/localhost}, because they share a JVM: the
 * NameNode and DataNode log in from their keytab into the JVM-wide login user, and the in-process
 * ResourceManager (which MiniYARNCluster never logs in) then speaks as that same identity. Its
 * short name is the OS user that runs the NodeManagers' containers and the HDFS superuser. The
 * ZooKeeper server is {@code zookeeper/localhost}, the name ZooKeeper's clients expect. Jobs
 * run as {@link #userPrincipal()}, {@code spindle@REALM}, whose short name {@code spindle} owns
 * nothing until a test gives it a home directory.
 *
 * <p>The JVM reads its Kerberos configuration once: a realm must start before anything in the
 * JVM touches Kerberos or Hadoop security, and only one realm can run per JVM.
 */
public final class KerberosRealm implements AutoCloseable {
    /** The JDK's Kerberos code, opened to Hadoop's reflection (JDK 17): every JVM that uses Kerberos needs it. */
    public static final String KRB5_OPENS = "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED";

    private final MiniKdc kdc;
    private final Path serviceKeytab;
    private final Path userKeytab;

    private KerberosRealm(MiniKdc kdc, Path serviceKeytab, Path userKeytab) {
        this.kdc = kdc;
        this.serviceKeytab = serviceKeytab;
        this.userKeytab = userKeytab;
    }

    /** Starts a KDC keeping its files in {@code dir}; sets {@code java.security.krb5.conf} for this JVM. */
    public static KerberosRealm start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Properties settings = MiniKdc.createConf();
        settings.setProperty(MiniKdc.KDC_BIND_ADDRESS, "127.0.0.1");
        MiniKdc kdc = new MiniKdc(settings, dir.toFile());
        kdc.start();
        try {
            Path serviceKeytab = dir.resolve("services.keytab");
            kdc.createPrincipal(serviceKeytab.toFile(), serviceName(), "HTTP/localhost", "zookeeper/localhost");
            Path userKeytab = dir.resolve("spindle.keytab");
            kdc.createPrincipal(userKeytab.toFile(), "spindle");
            return new KerberosRealm(kdc, serviceKeytab, userKeytab);
        } catch (Exception e) {
            kdc.stop();
            throw e;
        }
    }

    private static String serviceName() {
        return System.getProperty("user.name") + "/localhost";
    }

    public String realm() {
        return kdc.getRealm();
    }

    /** The krb5.conf naming the KDC: every JVM of the cluster and its containers reads it. */
    public Path krb5Conf() {
        return kdc.getKrb5conf().toPath();
    }

    /** The principal of the NameNode, DataNode, ResourceManager and NodeManagers. */
    public String servicePrincipal() {
        return serviceName() + "@" + realm();
    }

    /** The principal jobs are submitted as; its keytab is {@link #userKeytab()}. */
    public String userPrincipal() {
        return "spindle@" + realm();
    }

    public Path userKeytab() {
        return userKeytab;
    }

    /** {@link #userPrincipal()} logged in from its keytab, for {@code doAs}; the JVM's login user stays as it is. */
    public UserGroupInformation loginUser() throws IOException {
        return UserGroupInformation.loginUserFromKeytabAndReturnUGI(userPrincipal(), userKeytab.toString());
    }

    /**
     * Lets this JVM's ZooKeeper server take Kerberos (SASL) clients, as {@code zookeeper/localhost}:
     * its JAAS {@code Server} section, answered in code, so no JAAS file is needed; the server must
     * also register ZooKeeper's SASL authentication provider. Clients without Kerberos may still
     * connect (and read what is world-readable).
     */
    void installZooKeeperServerLogin() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("useKeyTab", "true");
        options.put("storeKey", "true");
        options.put("isInitiator", "false");
        options.put("doNotPrompt", "true");
        options.put("keyTab", serviceKeytab.toString());
        options.put("principal", "zookeeper/localhost@" + realm());
        AppConfigurationEntry server = new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
        Configuration others = jaasOrNull();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if ("Server".equals(name)) {
                    return new AppConfigurationEntry[] {server};
                }
                return others == null ? null : others.getAppConfigurationEntry(name);
            }
        });
    }

    private static Configuration jaasOrNull() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException e) { // no JAAS file
            return null;
        }
    }

    /** JVM options for the cluster's other processes (NodeManagers): this realm's krb5.conf, and {@link #KRB5_OPENS}. */
    List<String> jvmOptions() {
        return List.of("-D" + MiniKdc.JAVA_SECURITY_KRB5_CONF + "=" + krb5Conf(), KRB5_OPENS);
    }

    /**
     * Kerberos for HDFS and YARN: every daemon as {@link #servicePrincipal()}; SASL-protected data
     * transfer instead of the privileged ports a secure DataNode would otherwise need; block
     * access tokens; web UIs left unauthenticated (no SPNEGO).
     */
    Map<String, String> hadoopSettings() {
        String keytab = serviceKeytab.toString();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hadoop.security.authentication", "kerberos");
        settings.put("hadoop.security.auth_to_local", "RULE:[1:$1] RULE:[2:$1] DEFAULT");
        settings.put("dfs.namenode.kerberos.principal", servicePrincipal());
        settings.put("dfs.namenode.keytab.file", keytab);
        settings.put("dfs.datanode.kerberos.principal", servicePrincipal());
        settings.put("dfs.datanode.keytab.file", keytab);
        settings.put("dfs.web.authentication.kerberos.principal", "HTTP/localhost@" + realm());
        settings.put("dfs.web.authentication.kerberos.keytab", keytab);
        settings.put("dfs.block.access.token.enable", "true");
        settings.put("dfs.data.transfer.protection", "authentication");
        settings.put("ignore.secure.ports.for.testing", "true");
        // one principal logging in many times within a second can be taken for a replay by the KDC
        settings.put("ipc.client.connect.max.retries.on.sasl", "10");
        settings.put("yarn.resourcemanager.principal", servicePrincipal());
        settings.put("yarn.resourcemanager.keytab", keytab);
        settings.put("yarn.nodemanager.principal", servicePrincipal());
        settings.put("yarn.nodemanager.keytab", keytab);
        return settings;
    }

    @Override
    public void close() {
        kdc.stop();
    }

    @Override
    public String toString() {
        return "Kerberos realm " + realm() + " (" + new File(krb5Conf().toString()) + ")";
    }
}
