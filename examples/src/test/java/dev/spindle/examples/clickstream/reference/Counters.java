package dev.spindle.examples.clickstream.reference;

/**
 * The contract's counters of one batch or a sum of batches. Every record read is in exactly one
 * of malformed, late, duplicate, accepted: {@code recordsIn} is their sum.
 */
public record Counters(long recordsIn, long recordsMalformed, long recordsDuplicate, long recordsLate,
        long recordsAccepted, long rowsOut) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0);

    public Counters plus(Counters other) {
        return new Counters(recordsIn + other.recordsIn, recordsMalformed + other.recordsMalformed,
                recordsDuplicate + other.recordsDuplicate, recordsLate + other.recordsLate,
                recordsAccepted + other.recordsAccepted, rowsOut + other.rowsOut);
    }

    /** The fields as in the command-line summary: {@code "records_in":5,...,"rows_out":2}. */
    public String toJsonFields() {
        return "\"records_in\":" + recordsIn + ",\"records_malformed\":" + recordsMalformed
                + ",\"records_duplicate\":" + recordsDuplicate + ",\"records_late\":" + recordsLate
                + ",\"records_accepted\":" + recordsAccepted + ",\"rows_out\":" + rowsOut;
    }
}
