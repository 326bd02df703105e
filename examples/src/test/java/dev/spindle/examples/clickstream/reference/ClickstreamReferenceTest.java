package dev.spindle.examples.clickstream.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The reference on small runs computed by hand from the contract. */
class ClickstreamReferenceTest {

    private static byte[] click(String user, String id, long ts, String amount) {
        return utf8("{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"ts\":" + ts + ",\"url\":\"/\",\"amount\":"
                + amount + "}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A mutable list, so that null values are allowed. */
    private static List<byte[]> values(byte[]... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static String row(long windowStart, String user, long count, String sum) {
        return "{\"window_start\":" + windowStart + ",\"window_end\":" + (windowStart + 10_000) + ",\"user\":\"" + user
                + "\",\"count\":" + count + ",\"sum\":" + sum + "}";
    }

    private static Counters counters(long in, long malformed, long duplicate, long late, long accepted, long rows) {
        return new Counters(in, malformed, duplicate, late, accepted, rows);
    }

    private static List<OffsetRange> ranges(long... startEndPairs) {
        List<OffsetRange> ranges = new ArrayList<>();
        for (int i = 0; i < startEndPairs.length; i += 2) {
            ranges.add(new OffsetRange(i / 2, startEndPairs[i], startEndPairs[i + 1]));
        }
        return ranges;
    }

    private static void assertConsistent(RunResult run) {
        for (BatchResult batch : run.batches()) {
            Counters c = batch.counters();
            assertEquals(c.recordsIn(), c.recordsMalformed() + c.recordsLate() + c.recordsDuplicate() + c.recordsAccepted());
            assertEquals(c.recordsIn(), batch.ranges().stream().mapToLong(OffsetRange::count).sum());
            assertEquals(c.rowsOut(), batch.rows().size());
            assertEquals(c.recordsMalformed(), batch.deadLetters().size());
        }
    }

    @Test
    void shouldPlanBatchesWithRemaindersAndTiesAndStopWhenTheWatermarkStops() {
        List<byte[]> p0 = values(click("a", "1", 1000, "1"), click("a", "2", 1000, "1"), click("a", "3", 1000, "1"));
        List<byte[]> p1 = values(click("b", "1", 1000, "1"), click("b", "2", 1000, "1"), click("b", "3", 1000, "1"));
        List<byte[]> p2 = values(click("c", "1", 1000, "1"), click("c", "2", 1000, "1"), click("c", "3", 1000, "1"));
        RunResult run = ClickstreamReference.simulate(List.of(p0, p1, p2), 5);
        assertConsistent(run);
        // Batch 0: L=5 of T=9, q=(1,1,1), equal remainders, the 2 left to partitions 0 and 1.
        // Batch 1: the other 4 (T=4 <= L), watermark -4000. No batch 2: nothing to read, M unchanged.
        assertEquals(2, run.batchCount());
        assertEquals(ranges(0, 2, 0, 2, 0, 1), run.batches().get(0).ranges());
        assertEquals(OptionalLong.empty(), run.batches().get(0).watermark());
        assertEquals(ranges(2, 3, 2, 3, 1, 3), run.batches().get(1).ranges());
        assertEquals(OptionalLong.of(-4000), run.batches().get(1).watermark());
        assertEquals(counters(9, 0, 0, 0, 9, 0), run.totals());
        assertEquals("{\"status\":\"SUCCEEDED\",\"batches\":2,\"records_in\":9,\"records_malformed\":0,"
                + "\"records_duplicate\":0,\"records_late\":0,\"records_accepted\":9,\"rows_out\":0}",
                run.summaryWithoutElapsed());
    }

    @Test
    void shouldRunANoDataBatchThatEmitsAWindowAndContinueTheCheckpointInTheNextRun() {
        ClickstreamReference reference = new ClickstreamReference(1);
        reference.append(0, values(click("u1", "a", 1000, "1"), click("u1", "b", 20000, "2")));
        RunResult first = reference.runAvailableNow(10_000);
        assertConsistent(first);
        // Batch 0 accepts both (M=20000); batch 1 reads nothing but wm moves -inf -> 15000 and closes
        // [0,10000); a batch 2 would keep wm at 15000, so the run ends with [20000,30000) open.
        assertEquals(2, first.batchCount());
        assertEquals(counters(2, 0, 0, 0, 2, 0), first.batches().get(0).counters());
        BatchResult noData = first.batches().get(1);
        assertTrue(noData.isNoData());
        assertEquals(1, noData.batch());
        assertEquals(OptionalLong.of(15000), noData.watermark());
        assertEquals(ranges(2, 2), noData.ranges());
        assertEquals(List.of(row(0, "u1", 1, "1")), noData.rows());

        reference.append(0, values(click("u1", "c", 40000, "0.5")));
        RunResult second = reference.runAvailableNow(10_000);
        assertConsistent(second);
        assertEquals(2, second.batchCount());
        assertEquals(2, second.batches().get(0).batch());
        assertEquals(ranges(2, 3), second.batches().get(0).ranges());
        assertEquals(OptionalLong.of(15000), second.batches().get(0).watermark());
        assertEquals(List.of(), second.batches().get(0).rows());
        assertEquals(OptionalLong.of(35000), second.batches().get(1).watermark());
        assertEquals(List.of(row(20000, "u1", 1, "2")), second.rows());

        RunResult third = reference.runAvailableNow(10_000);
        assertEquals(0, third.batchCount());
        assertEquals(counters(0, 0, 0, 0, 0, 0), third.totals());
    }

    @Test
    void shouldCallRecordsStrictlyBelowTheBatchWatermarkLate() {
        List<byte[]> p0 = values(click("u1", "a", 20000, "1"), click("u1", "b", 10000, "1"),
                click("u1", "c", 15000, "1"), click("u1", "d", 14999, "1"));
        RunResult run = ClickstreamReference.simulate(List.of(p0), 1);
        assertConsistent(run);
        // wm: -inf, 15000, 15000, 15000; 10000 and 14999 are late, 15000 == wm is not.
        assertEquals(4, run.batchCount());
        assertEquals(counters(1, 0, 0, 0, 1, 0), run.batches().get(0).counters());
        assertEquals(counters(1, 0, 0, 1, 0, 0), run.batches().get(1).counters());
        assertEquals(counters(1, 0, 0, 0, 1, 0), run.batches().get(2).counters());
        assertEquals(counters(1, 0, 0, 1, 0, 0), run.batches().get(3).counters());
        assertEquals(List.of(), run.rows());
    }

    @Test
    void shouldDecideLateBeforeDuplicate() {
        List<byte[]> p0 = values(click("u1", "a", 20000, "1"), click("u1", "a", 0, "1"), click("u1", "a", 20000, "1"));
        RunResult run = ClickstreamReference.simulate(List.of(p0), 1);
        assertEquals(counters(3, 0, 1, 1, 1, 0), run.totals());
        assertEquals(1, run.batches().get(1).counters().recordsLate());
        assertEquals(1, run.batches().get(2).counters().recordsDuplicate());
    }

    @Test
    void shouldExpireADedupEntryAtTheFirstBatchWhoseWatermarkReachesTsPlusTenMinutes() {
        RunResult run = ClickstreamReference.simulate(List.of(values(click("u", "a", 5000, "1"),
                click("u", "a", 5000, "1"), click("u", "b", 610000, "1"), click("u", "a", 605000, "1"),
                click("u", "a", 605001, "1"))), 1);
        assertConsistent(run);
        // wm per batch: -inf, 0, 0, 605000 (= 5000 + 600000: the entry of (u,a) expires), 605000.
        assertEquals(5, run.batchCount());
        assertEquals(OptionalLong.of(605000), run.batches().get(3).watermark());
        assertEquals(1, run.batches().get(1).counters().recordsDuplicate());
        assertEquals(1, run.batches().get(3).counters().recordsAccepted());
        assertEquals(1, run.batches().get(4).counters().recordsDuplicate());
        assertEquals(List.of(row(0, "u", 1, "1")), run.batches().get(3).rows());
        assertEquals(counters(5, 0, 2, 0, 3, 1), run.totals());
    }

    @Test
    void shouldKeepADedupEntryWhileTheWatermarkIsBelowTsPlusTenMinutes() {
        RunResult run = ClickstreamReference.simulate(List.of(values(click("u", "a", 5000, "1"),
                click("u", "a", 5000, "1"), click("u", "b", 609999, "1"), click("u", "a", 605000, "1"))), 1);
        // Batch 3 has wm 604999 < 605000: the entry lives, the record (not late) is a duplicate.
        assertEquals(OptionalLong.of(604999), run.batches().get(3).watermark());
        assertEquals(counters(1, 0, 1, 0, 0, 1), run.batches().get(3).counters());
    }

    @Test
    void shouldAcceptTheSameKeyInTwoPartitionsOfOneBatch() {
        // The contract's literal wording: "earlier" is an earlier batch, or the same batch and
        // partition at a lower offset. Two partitions of one batch are neither, so both records
        // are accepted (input loaded by user key never puts one user in two partitions).
        ClickstreamReference reference = new ClickstreamReference(2);
        reference.append(0, values(click("u", "a", 1000, "1")));
        reference.append(1, values(click("u", "a", 2000, "2"), click("u", "a", 3000, "4")));
        RunResult first = reference.runAvailableNow(10_000);
        assertConsistent(first);
        assertEquals(counters(3, 0, 1, 0, 2, 0), first.batches().get(0).counters());
        assertEquals(2, first.batchCount());

        reference.append(0, values(click("u", "a", 20000, "8")));
        reference.append(1, values(click("u", "z", 20000, "16")));
        RunResult second = reference.runAvailableNow(10_000);
        // In an earlier batch, another partition's entry counts: (u,a) in partition 0 is a duplicate.
        assertEquals(counters(2, 0, 1, 0, 1, 0), second.batches().get(0).counters());
        assertEquals(List.of(row(0, "u", 2, "3")), second.rows());
    }

    @Test
    void shouldSumAmountsExactlyPerWindowAndUser() {
        List<byte[]> p0 = values(click("u1", "a", 10000, "0.1"), click("u1", "b", 19999, "0.2"),
                click("u2", "a", 10001, "12.500"), click("u2", "b", 10002, "1.25e1"), click("u1", "c", 9999, "0"),
                click("x", "end", 40000, "0"));
        RunResult run = ClickstreamReference.simulate(List.of(p0), 10_000);
        assertEquals(List.of(row(0, "u1", 1, "0"), row(10000, "u1", 2, "0.3"), row(10000, "u2", 2, "25")), run.rows());
        assertFalse(run.rows().contains(row(40000, "x", 1, "0")));
    }

    @Test
    void shouldKeepLoneSurrogatesApartFromQuestionMarksAndWriteThemAsJsonEscapes() {
        // JSON text "\udc00" is a lone surrogate, which UTF-8 cannot hold; a lossy encoding
        // would make it "?" and merge the two users, or call the second id a duplicate.
        List<byte[]> p0 = values(click("a", "\\udc00", 1000, "1"), click("a", "?", 1000, "2"),
                click("\\udc00", "e", 1000, "4"), click("?", "e", 1000, "8"), click("\\ud800", "\\udc00", 1000, "16"),
                click("z", "end", 30000, "0"));
        RunResult run = ClickstreamReference.simulate(List.of(p0), 10_000);
        assertConsistent(run);
        assertEquals(counters(6, 0, 0, 0, 6, 4), run.totals());
        assertEquals(List.of(row(0, "?", 1, "8"), row(0, "\\ud800", 1, "16"), row(0, "\\udc00", 1, "4"),
                row(0, "a", 2, "3")), run.rows().stream().sorted().toList());
    }

    @Test
    void shouldWriteOneDeadLetterPerMalformedRecord() {
        List<byte[]> p0 = values(null, new byte[] {'{', (byte) 0xc3, '}'}, utf8("x\"\\"), click("u", "a", 1, "1"),
                utf8("{\"id\":\"a\",\"id\":\"b\"}"));
        RunResult run = ClickstreamReference.simulate(List.of(values(), p0), 10_000);
        assertConsistent(run);
        assertEquals(List.of(
                "{\"partition\":1,\"offset\":0,\"reason\":\"null_value\",\"value\":null,\"value_b64\":null}",
                "{\"partition\":1,\"offset\":1,\"reason\":\"not_json\",\"value\":\"{\uFFFD}\",\"value_b64\":\"e8N9\"}",
                "{\"partition\":1,\"offset\":2,\"reason\":\"not_json\",\"value\":\"x\\\"\\\\\",\"value_b64\":\"eCJc\"}",
                "{\"partition\":1,\"offset\":4,\"reason\":\"duplicate_key\",\"value\":\"{\\\"id\\\":\\\"a\\\",\\\"id\\\":"
                        + "\\\"b\\\"}\",\"value_b64\":\"eyJpZCI6ImEiLCJpZCI6ImIifQ==\"}"),
                run.deadLetters());
        assertEquals(counters(5, 4, 0, 0, 1, 0), run.batches().get(0).counters());
    }

    @Test
    void shouldRunNothingOnAnEmptyTopic() {
        assertEquals(0, ClickstreamReference.simulate(List.of(values(), values()), 10).batchCount());
    }

    @Test
    void shouldRunOneBatchWhenNothingIsAcceptedSinceTheWatermarkCannotMove() {
        RunResult run = ClickstreamReference.simulate(List.of(values((byte[]) null)), 10);
        assertEquals(1, run.batchCount());
        assertEquals(counters(1, 1, 0, 0, 0, 0), run.totals());
    }
}
