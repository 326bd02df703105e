package dev.spindle.examples.clickstream.reference;

import dev.spindle.examples.clickstream.ClickParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An independent, single-threaded computation of what the {@code clickstream} job (or, with
 * {@link #sessions}, the {@code sessions} job) must output, written from the contracts
 * ({@code shared/spec/clickstream.md}, {@code url-trends-and-sessions.md}) alone: it shares no code with the
 * engine and uses the job's {@link ClickParser} only to classify malformed records (the parser is
 * tested against the contract on its own).
 *
 * <p>It models one Kafka topic whose partitions hold the given record values (null for a null
 * value) at offsets 0, 1, …, and one checkpoint. {@link #runAvailableNow} simulates one
 * {@code available-now} run that is not interrupted: targets are the partitions' end offsets when
 * it starts; batches follow the plan rule; the run ends when every target is read and the next
 * batch would not move the watermark. Records {@link #append appended} afterwards are read by the
 * next run, which continues the checkpoint: offsets, watermark, dedup entries, open windows and
 * batch numbers.
 *
 * <p>Where it differs from a real run: no time passes (only the watermark matters), there are no
 * failures, and rows of one batch come in (window_start, user) order, an order the contract does
 * not fix. Where the contract leaves a case open it takes the literal reading, said at the place.
 *
 * <p>Usage:
 * <pre>{@code
 * RunResult run = ClickstreamReference.simulate(List.of(partition0Values, partition1Values), 2000);
 * run.rows(); run.deadLetters(); run.totals(); run.batches().get(0).ranges();
 * }</pre>
 */
public final class ClickstreamReference {
    /** The default of {@code spindle.source.max-records-per-batch}. */
    public static final long DEFAULT_MAX_RECORDS_PER_BATCH = 10_000;

    private final List<List<byte[]>> topic = new ArrayList<>();
    private final ReferenceState state;
    private final ClickParser parser = new ClickParser();
    private final ReferenceRows job;

    /** The {@code clickstream} job over a topic of {@code partitions} empty partitions and a fresh checkpoint. */
    public ClickstreamReference(int partitions) {
        this(partitions, new ClickstreamWindows());
    }

    /** The {@code sessions} job over a topic of {@code partitions} empty partitions and a fresh checkpoint. */
    public static ClickstreamReference sessions(int partitions) {
        return new ClickstreamReference(partitions, new UserSessions());
    }

    /**
     * The {@code url-trends} job over a topic of {@code partitions} empty partitions and a fresh
     * checkpoint, joining against {@code users} (user → country) until {@link #useTable}.
     */
    public static ClickstreamReference urlTrends(int partitions, Map<String, String> users) {
        return new ClickstreamReference(partitions, new UrlTrends(users));
    }

    /** The {@code spend-alerts} job over a topic of {@code partitions} empty partitions and a fresh checkpoint. */
    public static ClickstreamReference spendAlerts(int partitions) {
        return new ClickstreamReference(partitions, new SpendAlertsReference());
    }

    /** For {@code url-trends}: the users table of the batches planned from now on. */
    public void useTable(Map<String, String> users) {
        ((UrlTrends) job).useTable(users);
    }

    private ClickstreamReference(int partitions, ReferenceRows job) {
        this.job = job;
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        for (int p = 0; p < partitions; p++) {
            topic.add(new ArrayList<>());
        }
        state = new ReferenceState(partitions);
    }

    /**
     * One {@code available-now} run on a fresh checkpoint over the given partitions.
     *
     * @param partitions per partition, the record values at offsets 0..n−1 (null elements allowed)
     * @param maxRecordsPerBatch {@code spindle.source.max-records-per-batch}
     */
    public static RunResult simulate(List<? extends List<byte[]>> partitions, long maxRecordsPerBatch) {
        ClickstreamReference reference = new ClickstreamReference(partitions.size());
        for (int p = 0; p < partitions.size(); p++) {
            reference.append(p, partitions.get(p));
        }
        return reference.runAvailableNow(maxRecordsPerBatch);
    }

    /** Appends record values (null elements allowed) to the end of {@code partition}; copies them. */
    public ClickstreamReference append(int partition, List<byte[]> values) {
        for (byte[] value : values) {
            topic.get(partition).add(value == null ? null : value.clone());
        }
        return this;
    }

    public int partitions() {
        return topic.size();
    }

    /** The end offset of {@code partition}: the number of records appended to it. */
    public long endOffset(int partition) {
        return topic.get(partition).size();
    }

    /** The offset the next batch reads first in {@code partition}. */
    public long nextOffset(int partition) {
        return state.nextOffsets[partition];
    }

    /**
     * Runs one {@code available-now} run to its end and commits it into this checkpoint.
     *
     * @param maxRecordsPerBatch {@code spindle.source.max-records-per-batch}, at least 1; a run
     *     may use another value than the run before it
     * @return the batches it ran; none when there was nothing to read and no watermark to move
     */
    public RunResult runAvailableNow(long maxRecordsPerBatch) {
        long[] targets = new long[topic.size()];
        for (int p = 0; p < targets.length; p++) {
            targets[p] = endOffset(p);
        }
        List<BatchResult> batches = new ArrayList<>();
        while (hasUnread(targets) || state.nextWatermark() > state.watermark) {
            long[] end = BatchPlan.endOffsets(state.nextOffsets, targets, maxRecordsPerBatch);
            batches.add(BatchExecution.run(state, topic, end, parser, job));
        }
        return new RunResult(batches);
    }

    private boolean hasUnread(long[] targets) {
        for (int p = 0; p < targets.length; p++) {
            if (state.nextOffsets[p] < targets[p]) {
                return true;
            }
        }
        return false;
    }
}
