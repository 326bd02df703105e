package dev.spindle.runtime;

import java.io.IOException;

/** The checkpoint belongs to another job or topology; reusing it would half-restore state. */
public class IncompatibleCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public IncompatibleCheckpointException(String message) {
        super(message);
    }
}
