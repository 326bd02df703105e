package dev.spindle.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.runtime.JobFailedException;
import java.io.IOException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {
    @Test
    void aRefusedAuthenticationOrAuthorizationEndsTheJobWithOneLine() {
        IOException refused = KafkaFailures.of("cannot create topic 'clicks' at b:9092",
                new SaslAuthenticationException("Authentication failed due to invalid credentials"));
        assertTrue(refused instanceof JobFailedException);
        assertTrue(refused.getMessage().startsWith("cannot create topic 'clicks' at b:9092: Kafka refused to"
                + " authenticate the client (Authentication failed due to invalid credentials); check"), refused.getMessage());
        IOException denied = KafkaFailures.of("cannot read clicks-0",
                new KafkaException("wrapped", new TopicAuthorizationException("denied")));
        assertTrue(denied instanceof JobFailedException && denied.getMessage().contains("did not authorize"),
                denied.getMessage());
        IOException other = KafkaFailures.of("cannot create topic 'clicks' at b:9092",
                new KafkaException("Failed to create new KafkaAdminClient",
                        new IllegalArgumentException("Could not find a 'KafkaClient' entry in the JAAS configuration")));
        assertFalse(other instanceof JobFailedException);
        assertEquals("cannot create topic 'clicks' at b:9092: Failed to create new KafkaAdminClient: Could not find a"
                + " 'KafkaClient' entry in the JAAS configuration", other.getMessage());
    }

    @Test
    void aTimeoutNamesTheSecurityProtocolAsALikelyCause() {
        IOException timeout = KafkaFailures.of("cannot create topic 'clicks' at b:9092",
                new TimeoutException("Timed out waiting for a node assignment. Call: createTopics"));
        assertFalse(timeout instanceof JobFailedException);
        assertTrue(timeout.getMessage().endsWith("Call: createTopics (is Kafka up there, and does"
                + " spindle.kafka.security.protocol, PLAINTEXT unless set, match its listener?)"), timeout.getMessage());
    }
}
