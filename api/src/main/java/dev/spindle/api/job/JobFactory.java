package dev.spindle.api.job;

/**
 * Makes a job known by name to {@code sbin/spindle run --job NAME} and {@code spindle-submit}:
 * implement it and list the class in {@code META-INF/services/dev.spindle.api.job.JobFactory}.
 */
public interface JobFactory {
    /** The name given on the command line. */
    String name();

    StreamJob create();

    /**
     * The Kafka key under which a line of an input file is loaded ({@code --input}), or null to
     * send it without a key. Keyed lines go to the default partitioner's partition for their key;
     * unkeyed ones round-robin by line index. Jobs whose state is keyed should return the key their
     * {@code keyBy} uses, so each key's records land in one partition.
     */
    default byte[] inputKey(byte[] line) {
        return null;
    }
}
