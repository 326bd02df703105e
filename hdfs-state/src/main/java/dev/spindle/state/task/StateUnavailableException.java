package dev.spindle.state.task;

import java.io.IOException;

/**
 * No intact files can rebuild a task's state at or before the requested batch: the checkpoint is
 * damaged beyond what fallback can repair. The job stops with this message.
 */
public class StateUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public StateUnavailableException(String message) {
        super(message);
    }
}
