package dev.spindle.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void readsSamplesOfDeclaredFamilies() {
        Map<String, Double> samples = PrometheusText.parse("""
                # HELP requests_total Requests.
                # TYPE requests_total counter
                requests_total{path="/a \\"b\\"",code="200"} 12.0
                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.5"} 3
                latency_seconds_bucket{le="+Inf"} 4
                latency_seconds_count 4
                latency_seconds_sum 1.25 1700000000000
                # TYPE up gauge
                up NaN
                """);
        assertEquals(12.0, samples.get("requests_total{code=\"200\",path=\"/a \\\"b\\\"\"}"));
        assertEquals(4.0, samples.get("latency_seconds_bucket{le=\"+Inf\"}"));
        assertEquals(1.25, samples.get("latency_seconds_sum"));
        assertTrue(samples.get("up").isNaN());
    }

    @Test
    void refusesWhatIsNotTheFormat() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("undeclared 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na{b=c} 1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a gauge\na one\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("# TYPE a meter\na 1\n"));
    }
}
