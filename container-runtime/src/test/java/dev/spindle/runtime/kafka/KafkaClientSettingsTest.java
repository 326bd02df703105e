package dev.spindle.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.config.InvalidSettingException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"spindle\" password=";

    private static KafkaClientSettings of(Map<String, String> settings) {
        return KafkaClientSettings.from(settings.entrySet());
    }

    @Test
    void everySpindleKafkaSettingReachesTheClientsWithoutItsPrefixOverSpindlesDefaults() {
        KafkaClientSettings settings = of(Map.of("spindle.kafka.security.protocol", "SASL_SSL",
                "spindle.kafka.client.id", "mine", "spindle.source.max-records-per-batch", "10"));
        assertEquals(Map.of("security.protocol", "SASL_SSL", "client.id", "mine"), settings.asMap());
        Properties own = new Properties();
        own.put("bootstrap.servers", "b:9092");
        own.put("client.id", "spindle-planner");
        Properties props = settings.over(own);
        assertEquals("b:9092", props.get("bootstrap.servers"));
        assertEquals("mine", props.get("client.id"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("spindle-planner", own.get("client.id"), "Spindle's own properties are not changed");
    }

    @Test
    void noSpindleKafkaSettingIsNone() {
        assertSame(KafkaClientSettings.NONE, of(Map.of("spindle.checkpoint.retain", "10")));
    }

    @Test
    void aKeySpindleSetsItselfIsRefusedWithOneLineNamingIt() {
        for (String key : KafkaClientSettings.SPINDLE_OWNED.keySet()) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> of(Map.of("spindle.kafka." + key, "x")));
            assertTrue(e.getMessage().startsWith("setting 'spindle.kafka." + key + "' is refused: Spindle sets " + key
                    + " itself"), e.getMessage());
        }
        assertThrows(InvalidSettingException.class, () -> of(Map.of("spindle.kafka.", "x")));
    }

    @Test
    void aSecretInClearIsRefusedWithoutShowingIt() {
        InvalidSettingException jaas = assertThrows(InvalidSettingException.class,
                () -> of(Map.of("spindle.kafka.sasl.jaas.config", JAAS + "\"s3cret-pw\";")));
        assertTrue(jaas.getMessage().contains("gives password=\"...\" in sasl.jaas.config in clear"), jaas.getMessage());
        assertFalse(jaas.getMessage().contains("s3cret-pw"), jaas.getMessage());
        assertThrows(InvalidSettingException.class,
                () -> of(Map.of("spindle.kafka.sasl.jaas.config", JAAS + "s3cret-pw;")));
        for (String key : KafkaClientSettings.SECRET_KEYS) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> of(Map.of("spindle.kafka." + key, "s3cret-pw")));
            assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        }
    }

    @Test
    void aSecretNamedByAConfigProviderReferenceIsTaken() {
        KafkaClientSettings settings = of(Map.of(
                "spindle.kafka.sasl.jaas.config", JAAS + "\"${file:/etc/spindle/kafka.properties:password}\";",
                "spindle.kafka.ssl.truststore.password", "${file:/etc/spindle/kafka.properties:truststore}",
                "spindle.kafka.ssl.key.password", ""));
        assertEquals(3, settings.asMap().size());
        assertFalse(settings.toString().contains("${file"), "toString shows names only: " + settings);
        // Kerberos names a keytab, no password
        of(Map.of("spindle.kafka.sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule required"
                + " useKeyTab=true keyTab=\"/etc/spindle/spindle.keytab\" principal=\"spindle@EXAMPLE.COM\";"));
    }
}
