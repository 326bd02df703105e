package dev.spindle.state.io;

import java.io.IOException;

/** Another live run holds the checkpoint; this one must not touch it. */
public class CheckpointInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointInUseException(String message) {
        super(message);
    }
}
