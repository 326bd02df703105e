package dev.spindle.api.job;

/**
 * Makes a job known by name to {@code sbin/spindle run --job NAME} and {@code spindle-submit}:
 * implement it and list the class in {@code META-INF/services/dev.spindle.api.job.JobFactory}.
 */
public interface JobFactory {
    /** The name given on the command line. */
    String name();

    StreamJob create();
}
