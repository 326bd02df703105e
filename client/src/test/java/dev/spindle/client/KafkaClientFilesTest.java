package dev.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.runtime.JobSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientFilesTest {
    private static final String PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    @TempDir
    Path dir;

    @Test
    void everyFileTheKafkaSettingsNameShipsOnceAndTheSettingsNameTheShippedCopy() throws Exception {
        Path secrets = Files.writeString(dir.resolve("kafka secrets.properties"), "password=x\ntruststore=y\n");
        Path truststore = Files.writeString(dir.resolve("truststore.jks"), "jks");
        Path keytab = Files.writeString(dir.resolve("spindle.keytab"), "keytab");
        Map<String, String> settings = new HashMap<>(Map.of(
                "spindle.kafka.config.providers", "file,env",
                "spindle.kafka.config.providers.file.class", PROVIDER,
                "spindle.kafka.sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"${file:"
                        + secrets + ":password}\";",
                "spindle.kafka.ssl.truststore.password", "${file:" + secrets + ":truststore}",
                "spindle.kafka.ssl.truststore.location", truststore.toString(),
                "spindle.kafka.ssl.keystore.password", "${env:KEYSTORE_PASSWORD}",
                "spindle.checkpoint.retain", "10"));
        KafkaClientFiles files = KafkaClientFiles.of(settings);
        assertEquals(Map.of("kafka-1-kafka_secrets.properties", secrets, "kafka-2-truststore.jks", truststore),
                files.files());
        assertEquals(Map.of(
                "spindle.kafka.sasl.jaas.config",
                "ScramLoginModule required username=\"u\" password=\"${file:kafka-1-kafka_secrets.properties:password}\";",
                "spindle.kafka.ssl.truststore.password", "${file:kafka-1-kafka_secrets.properties:truststore}",
                "spindle.kafka.ssl.truststore.location", "kafka-2-truststore.jks"), files.rewrittenSettings());

        settings.put("spindle.kafka.sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule required"
                + " useKeyTab=true keyTab=\"" + keytab + "\" principal=\"spindle@EXAMPLE.COM\";");
        assertEquals("com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true"
                        + " keyTab=\"kafka-1-spindle.keytab\" principal=\"spindle@EXAMPLE.COM\";",
                KafkaClientFiles.of(settings).rewrittenSettings().get("spindle.kafka.sasl.jaas.config"));
    }

    @Test
    void theShippedSpecNamesTheCopiesAndKeepsEverythingElse() throws Exception {
        Path secrets = Files.writeString(dir.resolve("kafka.properties"), "password=x\n");
        JobSpec spec = new JobSpec("clickstream", "clicks", "b:9092", URI.create("hdfs:///c"), URI.create("hdfs:///o"),
                "available-now", "zk:2181", "/spindle", Map.of("spindle.kafka.config.providers", "secrets",
                        "spindle.kafka.config.providers.secrets.class", PROVIDER,
                        "spindle.kafka.sasl.jaas.config", "x password=\"${secrets:" + secrets + ":password}\";",
                        "spindle.kafka.security.protocol", "SASL_SSL"));
        JobSpec shipped = KafkaClientFiles.of(spec.settings()).rewrite(spec);
        assertEquals("x password=\"${secrets:kafka-1-kafka.properties:password}\";",
                shipped.setting("spindle.kafka.sasl.jaas.config"));
        assertEquals("SASL_SSL", shipped.setting("spindle.kafka.security.protocol"));
        assertEquals(spec.settings().size(), shipped.settings().size());
    }

    @Test
    void noFilesWithoutAFileProviderOrKafkaSettings() {
        assertTrue(KafkaClientFiles.of(Map.of("spindle.checkpoint.retain", "10")).files().isEmpty());
        // a reference to a provider that is not FileConfigProvider names no local file
        KafkaClientFiles files = KafkaClientFiles.of(Map.of("spindle.kafka.config.providers", "dir",
                "spindle.kafka.config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                "spindle.kafka.ssl.key.password", "${dir:/run/secrets:key-password}"));
        assertTrue(files.files().isEmpty() && files.rewrittenSettings().isEmpty());
    }

    @Test
    void aNamedFileThatIsNotHereFailsWithOneLineNamingTheSettingAndTheFile() {
        Path missing = dir.resolve("missing.properties");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> KafkaClientFiles.of(Map.of(
                "spindle.kafka.config.providers", "file", "spindle.kafka.config.providers.file.class", PROVIDER,
                "spindle.kafka.ssl.key.password", "${file:" + missing + ":password}")));
        assertEquals("setting 'spindle.kafka.ssl.key.password' names " + missing + ", which is not a readable file here:"
                + " spindle-submit ships it to the containers", e.getMessage());
    }
}
