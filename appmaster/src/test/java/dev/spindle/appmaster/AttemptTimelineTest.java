package dev.spindle.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AttemptTimelineTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void eachStepKeepsTheTimeItWasFirstReached() {
        AttemptTimeline timeline = new AttemptTimeline("appattempt_1_0001_000002", clock);
        timeline.reached(AttemptTimeline.Step.REGISTERED);
        now.addAndGet(250);
        timeline.reached(AttemptTimeline.Step.LEADING);
        now.addAndGet(100);
        timeline.reached(AttemptTimeline.Step.LEADING); // a second time changes nothing

        ObjectNode json = timeline.toJson();
        assertEquals("appattempt_1_0001_000002", json.get("id").asText());
        assertTrue(json.get("process_started_ms").asLong() > 0, "the JVM's start time: " + json);
        assertEquals(1_000_000, json.get("registered_ms").asLong());
        assertEquals(1_000_250, json.get("leading_ms").asLong());
        assertFalse(json.has("first_commit_ms"), "not reached yet: " + json);
        assertTrue(timeline.toString().endsWith("registered +" + (1_000_000 - json.get("process_started_ms").asLong())
                + " ms, leading +250 ms"), timeline.toString());
    }
}
