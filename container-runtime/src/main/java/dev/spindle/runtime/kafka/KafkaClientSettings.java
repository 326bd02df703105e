package dev.spindle.runtime.kafka;

import dev.spindle.api.config.InvalidSettingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's Kafka client settings: every {@code spindle.kafka.<key>} setting, passed with the prefix
 * stripped to every Kafka client Spindle makes for the job — the planner's and the sink's Admin,
 * the tasks' consumers, the sink's transactional producers, the input loader's producer and local
 * mode's topic creation. That is where {@code security.protocol}, {@code sasl.*}, {@code ssl.*} and
 * Kafka's config providers ({@code config.providers}, resolving {@code ${file:PATH:key}}) go.
 *
 * <p>A key Spindle sets itself because exactly-once processing depends on it ({@link
 * #SPINDLE_OWNED}) is refused, and so is a secret given in clear ({@link #SECRET_KEYS}, or a
 * {@code password=} in {@code sasl.jaas.config}, that is not a config provider reference): it
 * would be in the job spec shipped to the cluster. Any other key (a {@code client.id}, a
 * {@code linger.ms}) replaces Spindle's default for it. Spindle never logs these settings' values.
 */
public final class KafkaClientSettings {
    /** The prefix of the settings passed to Kafka's clients. */
    public static final String PREFIX = "spindle.kafka.";

    /** Kafka's config provider that reads {@code ${file:PATH:key}} from a properties file. */
    public static final String FILE_CONFIG_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    /** No settings: clients of a broker that needs none (tests, benchmarks). */
    public static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

    /** Kafka client keys Spindle sets itself, refused under {@link #PREFIX}: why each is Spindle's. */
    public static final Map<String, String> SPINDLE_OWNED = spindleOwned();

    /**
     * Kafka's password-type keys that hold a secret: each must be a config provider reference
     * ({@code ${file:PATH:key}}), never the secret itself.
     */
    public static final List<String> SECRET_KEYS = List.of("ssl.key.password", "ssl.keystore.password",
            "ssl.truststore.password", "ssl.keystore.key", "sasl.oauthbearer.client.credentials.client.secret",
            "sasl.oauthbearer.assertion.private.key.passphrase");

    /** The JAAS option holding a secret in {@code sasl.jaas.config} ({@code password="..."}), and its value. */
    private static final Pattern JAAS_SECRET =
            Pattern.compile("(?i)\\b(password|clientSecret)\\s*=\\s*(\"[^\"]*\"|[^\\s;]*)");

    private final Map<String, String> settings;

    private KafkaClientSettings(Map<String, String> settings) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    private static Map<String, String> spindleOwned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("bootstrap.servers", "the brokers are --bootstrap-servers (and spindle.sink.kafka.bootstrap-servers"
                + " for a Kafka output)");
        owned.put("key.serializer", "records are bytes to Spindle; the job's parser and rows encode them");
        owned.put("value.serializer", "records are bytes to Spindle; the job's parser and rows encode them");
        owned.put("key.deserializer", "records are bytes to Spindle; the job's parser decodes them");
        owned.put("value.deserializer", "records are bytes to Spindle; the job's parser decodes them");
        owned.put("isolation.level", "a batch reads committed records only (read_committed)");
        owned.put("enable.auto.commit", "a job's offsets are in its checkpoint, never committed by a consumer");
        owned.put("auto.offset.reset", "a planned range Kafka no longer holds fails the batch (none), never skips");
        owned.put("group.id", "tasks read the partitions assigned to them; the sink's groups are named by"
                + " spindle.sink.kafka.transactional-id-prefix");
        owned.put("transactional.id", "a task writes with transactional id PREFIX-TASK, PREFIX being"
                + " spindle.sink.kafka.transactional-id-prefix");
        owned.put("transaction.timeout.ms", "it is spindle.sink.kafka.transaction-timeout");
        owned.put("enable.idempotence", "exactly-once output needs idempotent producers");
        owned.put("acks", "exactly-once output needs every write acknowledged by all in-sync replicas (all)");
        owned.put("partitioner.class", "a job's keyed state follows Kafka's default partitioner of its input");
        return Collections.unmodifiableMap(owned);
    }

    /**
     * The {@code spindle.kafka.*} settings among {@code settings} (a Hadoop Configuration, or a
     * job spec's settings), read raw: a {@code ${...}} reference is Kafka's to resolve.
     *
     * @throws InvalidSettingException one line naming the setting (never its value): a key Spindle
     *     sets itself, a secret given in clear, or a prefix with no key after it
     */
    public static KafkaClientSettings from(Iterable<Map.Entry<String, String>> settings) {
        Map<String, String> clientSettings = new TreeMap<>();
        for (Map.Entry<String, String> setting : settings) {
            String name = setting.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String key = name.substring(PREFIX.length());
            String value = setting.getValue() == null ? "" : setting.getValue();
            check(name, key, value);
            clientSettings.put(key, value);
        }
        return clientSettings.isEmpty() ? NONE : new KafkaClientSettings(clientSettings);
    }

    private static void check(String name, String key, String value) {
        if (key.isBlank()) {
            throw new InvalidSettingException("setting '" + name + "' names no Kafka client key: write "
                    + PREFIX + "<key>, as " + PREFIX + "security.protocol");
        }
        String owner = SPINDLE_OWNED.get(key);
        if (owner != null) {
            throw new InvalidSettingException("setting '" + name + "' is refused: Spindle sets " + key
                    + " itself, as " + owner);
        }
        if (SECRET_KEYS.contains(key) && !value.isBlank() && !isReference(value)) {
            throw clearSecret(name, key);
        }
        if (key.equals("sasl.jaas.config")) {
            Matcher secret = JAAS_SECRET.matcher(value);
            while (secret.find()) {
                String given = secret.group(2).replace("\"", "");
                if (!given.isEmpty() && !isReference(given)) {
                    throw clearSecret(name, secret.group(1) + "=\"...\" in sasl.jaas.config");
                }
            }
        }
    }

    private static boolean isReference(String value) {
        return value.contains("${");
    }

    private static InvalidSettingException clearSecret(String name, String what) {
        return new InvalidSettingException("setting '" + name + "' gives " + what + " in clear, and it would be"
                + " shipped in the job's settings: put the secret in a file and name it with a config provider, as"
                + " ${file:/path/kafka-secrets.properties:password} with " + PREFIX + "config.providers=file and "
                + PREFIX + "config.providers.file.class=" + FILE_CONFIG_PROVIDER + " (docs/security.md, Kafka)");
    }

    /** The settings as Kafka client keys (prefix stripped), sorted; values as given, references unresolved. */
    public Map<String, String> asMap() {
        return settings;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /**
     * A client's properties: Spindle's {@code own}, with these settings over them. A key Spindle
     * must keep is never among these settings ({@link #SPINDLE_OWNED} are refused), so only
     * Spindle's defaults (client ids, batching, fetch sizes, timeouts) can be replaced.
     */
    public Properties over(Properties own) {
        Properties props = new Properties();
        props.putAll(own);
        props.putAll(settings);
        return props;
    }

    /** The setting names, never their values: a {@code spindle.kafka.*} value may hold a secret's reference. */
    @Override
    public String toString() {
        return "KafkaClientSettings" + settings.keySet();
    }
}
