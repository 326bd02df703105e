package dev.spindle.examples.clickstream;

import dev.spindle.api.window.TumblingWindows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spindle.api.job.JobFactory;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.window.Aggregates.CountAndSum;
import dev.spindle.api.window.WindowResult;
import java.math.BigDecimal;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The job's wiring: name, topic, event time, watermark, dedup, keys, windows, aggregate, rows. */
class ClickstreamJobTest {
    private static Click click(String id, String user, long ts, String amount) {
        return new Click(id, user, "/", ts, new BigDecimal(amount));
    }

    @Test
    void shouldBeFoundByNameThroughTheServiceLoader() {
        JobFactory found = null;
        for (JobFactory factory : ServiceLoader.load(JobFactory.class)) {
            if (factory.name().equals("clickstream")) {
                found = factory;
            }
        }
        assertNotNull(found);
        assertInstanceOf(ClickstreamJob.class, found);
    }

    @Test
    void shouldDescribeTheContractsPipeline() {
        StreamJob job = new ClickstreamJob().create();
        assertEquals("clickstream", job.name());
        assertEquals("clicks", job.topic());
        assertInstanceOf(ClickParser.class, job.parser());
        assertEquals(0, job.steps().size());
        assertEquals(5000, job.watermarkDelayMillis());
        assertEquals(600_000, job.dedupTtlMillis());
        assertEquals(new TumblingWindows(10_000), job.windows());
        assertEquals("job=clickstream|parse|eventTime|watermark=5000|dropDuplicates(ttl=600000)|keyBy|tumbling=10000"
                + "|aggregate|fileSink", job.topology());
        Click click = click("e-1", "u4711", 1767225600123L, "12.5");
        assertEquals(1767225600123L, job.eventTime().applyAsLong(click));
        assertEquals("u4711", job.key().apply(click));
    }

    @Test
    void theBenchmarksVariantIsTheSamePipelineWithoutDropDuplicates() {
        StreamJob job = ClickstreamJob.withoutDeduplication();
        assertNull(job.dedupKey());
        assertEquals("job=clickstream|parse|eventTime|watermark=5000|keyBy|tumbling=10000|aggregate|fileSink",
                job.topology());
    }

    @Test
    void shouldDeduplicateOnUserAndIdWithoutAmbiguity() {
        StreamJob job = new ClickstreamJob().create();
        String key = job.dedupKey().apply(click("e-1", "u", 1, "1"));
        assertEquals(key, job.dedupKey().apply(click("e-1", "u", 99, "7")));
        assertNotEquals(key, job.dedupKey().apply(click("e-2", "u", 1, "1")));
        assertNotEquals(job.dedupKey().apply(click("c", "ab", 1, "1")), job.dedupKey().apply(click("bc", "a", 1, "1")));
        assertNotEquals(job.dedupKey().apply(click("1:a", "b", 1, "1")), job.dedupKey().apply(click("a", "b1:", 1, "1")));
        assertNotEquals(job.dedupKey().apply(click("\u0000b", "a", 1, "1")),
                job.dedupKey().apply(click("b", "a\u0000", 1, "1")));
    }

    @Test
    void shouldCountAndSumExactlyAndFormatTheRow() {
        StreamJob job = new ClickstreamJob().create();
        Object accumulator = job.aggregate().zero();
        for (String amount : new String[] {"12.5", "0.1", "0.2", "24.7"}) {
            accumulator = job.aggregate().add(accumulator, click("e", "u4711", 1, amount));
        }
        Object decoded = job.aggregate().decode(job.aggregate().encode(accumulator));
        Object result = job.aggregate().result(decoded);
        assertEquals(4, ((CountAndSum) result).count());
        assertEquals("{\"window_start\":1767225600000,\"window_end\":1767225610000,\"user\":\"u4711\",\"count\":4,"
                + "\"sum\":37.5}", job.formatter().format(new WindowResult<>(1767225600000L, 1767225610000L, "u4711", result)));
    }
}
