package dev.spindle.runtime;

import java.io.IOException;

/**
 * The job cannot go on, however often it is retried: its input, checkpoint or output is not what
 * it needs (the topic changed, the checkpoint belongs to another job, an output topic is missing).
 * The ApplicationMaster ends the job FAILED with the one-line message on any attempt, where any
 * other failure ends only the attempt and YARN tries again.
 */
public class JobFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message) {
        super(message);
    }
}
