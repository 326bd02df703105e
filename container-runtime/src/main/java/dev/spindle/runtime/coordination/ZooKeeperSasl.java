package dev.spindle.runtime.coordination;

import dev.spindle.runtime.security.SecurityOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ClientInfo;

/**
 * Kerberos (SASL) for Spindle's ZooKeeper clients, when {@link CoordinationOptions#ZOOKEEPER_SASL}
 * is on: a JAAS login section of Spindle's own (so the process needs no JAAS file) that logs in as
 * {@link SecurityOptions#PRINCIPAL} from {@link SecurityOptions#KEYTAB}, or, without a keytab, from
 * the ticket cache ({@code kinit}). ZooKeeper takes no Hadoop delegation tokens, so containers need
 * the keytab: with this on, {@code spindle-submit} ships it to the executors too.
 */
final class ZooKeeperSasl {
    /** The JAAS section Spindle's ZooKeeper clients log in with. */
    static final String LOGIN_SECTION = "SpindleZooKeeperClient";

    private ZooKeeperSasl() {}

    /** The client configuration of a ZooKeeper client that authenticates with Kerberos. */
    static ZKClientConfig clientConfig(Function<String, String> conf) {
        String principal = SecurityOptions.PRINCIPAL.read(conf);
        String keytab = SecurityOptions.KEYTAB.read(conf);
        Map<String, String> options = new HashMap<>();
        options.put("doNotPrompt", "true");
        options.put("refreshKrb5Config", "true");
        if (keytab.isBlank()) {
            options.put("useTicketCache", "true");
        } else {
            options.put("useKeyTab", "true");
            options.put("storeKey", "true");
            options.put("keyTab", keytab);
        }
        if (!principal.isBlank()) {
            options.put("principal", principal);
        }
        SpindleLoginSection.install(new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options));
        ZKClientConfig client = new ZKClientConfig();
        client.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
        client.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, LOGIN_SECTION);
        String serverPrincipal = CoordinationOptions.ZOOKEEPER_SERVER_PRINCIPAL.read(conf);
        if (!serverPrincipal.isBlank()) {
            client.setProperty(ZKClientConfig.ZOOKEEPER_SERVER_PRINCIPAL, serverPrincipal);
        }
        return client;
    }

    /** Fails in one line unless the session authenticated with SASL (ZooKeeper goes on without it otherwise). */
    static void requireAuthenticated(List<ClientInfo> identities, String connect) throws IOException {
        if (identities.stream().noneMatch(identity -> "sasl".equals(identity.getAuthScheme()))) {
            throw new IOException("ZooKeeper at " + connect + " did not authenticate this process with Kerberos ("
                    + CoordinationOptions.ZOOKEEPER_SASL.name() + "); it knows it as " + identities
                    + ": check the principal, its keytab or ticket, and the server's SASL setup");
        }
    }

    /** The JVM's JAAS configuration, answering {@link #LOGIN_SECTION} itself and every other section as before. */
    private static final class SpindleLoginSection extends Configuration {
        private final Configuration others;
        private final AppConfigurationEntry entry;

        private SpindleLoginSection(Configuration others, AppConfigurationEntry entry) {
            this.others = others;
            this.entry = entry;
        }

        static synchronized void install(AppConfigurationEntry entry) {
            Configuration current = currentOrNull();
            Configuration others = current instanceof SpindleLoginSection ours ? ours.others : current;
            Configuration.setConfiguration(new SpindleLoginSection(others, entry));
        }

        private static Configuration currentOrNull() {
            try {
                return Configuration.getConfiguration();
            } catch (SecurityException e) { // no JAAS file: Spindle's section is the only one
                return null;
            }
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if (LOGIN_SECTION.equals(name)) {
                return new AppConfigurationEntry[] {entry};
            }
            return others == null ? null : others.getAppConfigurationEntry(name);
        }

        @Override
        public void refresh() {
            if (others != null) {
                others.refresh();
            }
        }
    }
}
