package dev.spindle.runtime.plan;

import dev.spindle.runtime.JobFailedException;

/**
 * The input is not the one the checkpoint read (another topic, the topic deleted and created again,
 * another partition count), or offsets the job has yet to read are gone from it: the job stops.
 */
public class InputChangedException extends JobFailedException {
    private static final long serialVersionUID = 1L;

    public InputChangedException(String message) {
        super(message);
    }
}
