package dev.spindle.runtime;


/** The checkpoint belongs to another job or topology; reusing it would half-restore state. */
public class IncompatibleCheckpointException extends JobFailedException {
    private static final long serialVersionUID = 1L;

    public IncompatibleCheckpointException(String message) {
        super(message);
    }
}
