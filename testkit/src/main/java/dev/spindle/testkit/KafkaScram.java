package dev.spindle.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SCRAM authentication for a {@link KafkaBroker}: its client listener ({@code CLIENT}) takes
 * SASL_PLAINTEXT with SCRAM-SHA-256 and SCRAM-SHA-512 (the controller's stays PLAINTEXT on
 * loopback), and two users exist from the start, created when the broker's storage is formatted:
 * the admin, which is also the broker's own identity on its inter-broker listener (transaction
 * markers travel there), and a client user for jobs. Authentication only: no ACLs.
 *
 * @param adminPassword random unless given, so a test can look for it where it must not be
 */
public record KafkaScram(String adminUser, String adminPassword, String clientUser, String clientPassword) {
    /** The mechanism clients use; the broker enables SCRAM-SHA-512 too. */
    public static final String MECHANISM = "SCRAM-SHA-256";
    static final String LISTENER = "CLIENT";
    private static final List<String> MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

    /** Users {@code admin} and {@code spindle}, each with a fresh random password. */
    public static KafkaScram withRandomPasswords() {
        return new KafkaScram("admin", randomPassword(), "spindle", randomPassword());
    }

    private static String randomPassword() {
        // letters and digits only: the formatter splits its arguments on commas, JAAS ends values at quotes
        return "pw" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The formatter's {@code --add-scram} arguments: both users, both mechanisms. */
    List<String> formatterArguments() {
        List<String> arguments = new java.util.ArrayList<>();
        for (String mechanism : MECHANISMS) {
            arguments.add(mechanism + "=[name=" + adminUser + ",password=" + adminPassword + "]");
            arguments.add(mechanism + "=[name=" + clientUser + ",password=" + clientPassword + "]");
        }
        return arguments;
    }

    /** The broker's settings for the CLIENT listener, which is also its inter-broker listener. */
    Map<String, String> brokerSettings(int brokerPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", LISTENER + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", LISTENER + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", String.join(",", MECHANISMS));
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        for (String mechanism : MECHANISMS) {
            props.put("listener.name." + LISTENER.toLowerCase() + "." + mechanism.toLowerCase() + ".sasl.jaas.config",
                    jaas(adminUser, adminPassword));
        }
        return props;
    }

    /** A Kafka client's settings as the admin (the broker's own identity). */
    public Map<String, String> adminClientSettings() {
        return clientSettings(adminUser, adminPassword);
    }

    /** A Kafka client's settings as the client user, password in clear: for the test's own clients. */
    public Map<String, String> clientSettings() {
        return clientSettings(clientUser, clientPassword);
    }

    private static Map<String, String> clientSettings(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaas(user, password));
    }

    /**
     * Spindle's settings for a job that authenticates as the client user: {@code spindle.kafka.*}
     * with the password read from {@code secretsFile} through Kafka's FileConfigProvider, never in
     * the settings. Writes {@code password=...} to {@code secretsFile}, readable by its owner only.
     */
    public Map<String, String> spindleSettings(Path secretsFile) throws IOException {
        return spindleSettings(secretsFile, clientPassword);
    }

    /** As {@link #spindleSettings(Path)}, with another password in the file (a wrong one, for tests). */
    public Map<String, String> spindleSettings(Path secretsFile, String password) throws IOException {
        Files.deleteIfExists(secretsFile);
        Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secretsFile, "password=" + password + "\n", StandardCharsets.UTF_8);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spindle.kafka.security.protocol", "SASL_PLAINTEXT");
        settings.put("spindle.kafka.sasl.mechanism", MECHANISM);
        settings.put("spindle.kafka.config.providers", "file");
        settings.put("spindle.kafka.config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.put("spindle.kafka.sasl.jaas.config", jaas(clientUser,
                "${file:" + secretsFile.toAbsolutePath() + ":password}"));
        return settings;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Never the passwords: a record's toString would print them in a test's failure message. */
    @Override
    public String toString() {
        return "KafkaScram[admin=" + adminUser + ", client=" + clientUser + "]";
    }
}
