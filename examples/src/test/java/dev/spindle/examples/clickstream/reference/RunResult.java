package dev.spindle.examples.clickstream.reference;

import java.util.ArrayList;
import java.util.List;

/** The batches one {@code available-now} run committed, in order; possibly none. */
public record RunResult(List<BatchResult> batches) {

    public RunResult {
        batches = List.copyOf(batches);
    }

    /** The summary's {@code batches}: no-data batches included. */
    public int batchCount() {
        return batches.size();
    }

    /** The counters summed over the run's batches. */
    public Counters totals() {
        Counters totals = Counters.ZERO;
        for (BatchResult batch : batches) {
            totals = totals.plus(batch.counters());
        }
        return totals;
    }

    /** All rows the run wrote, batch by batch. */
    public List<String> rows() {
        List<String> rows = new ArrayList<>();
        batches.forEach(batch -> rows.addAll(batch.rows()));
        return rows;
    }

    /** All dead letters the run wrote, batch by batch. */
    public List<String> deadLetters() {
        List<String> deadLetters = new ArrayList<>();
        batches.forEach(batch -> deadLetters.addAll(batch.deadLetters()));
        return deadLetters;
    }

    /**
     * The command-line summary line without {@code elapsed_ms} (which no reference can know):
     * {@code {"status":"SUCCEEDED","batches":41,"records_in":...,"rows_out":51234}}.
     */
    public String summaryWithoutElapsed() {
        return "{\"status\":\"SUCCEEDED\",\"batches\":" + batchCount() + "," + totals().toJsonFields() + "}";
    }
}
