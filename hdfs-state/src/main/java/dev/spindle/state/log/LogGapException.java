package dev.spindle.state.log;

import java.io.IOException;

/** A log position that would leave a gap, or that was already garbage-collected. A bug in the caller. */
public class LogGapException extends IOException {
    private static final long serialVersionUID = 1L;

    public LogGapException(String message) {
        super(message);
    }
}
