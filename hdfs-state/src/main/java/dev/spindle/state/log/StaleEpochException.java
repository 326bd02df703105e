package dev.spindle.state.log;

import java.io.IOException;

/**
 * A writer of an older epoch tried to append after a newer leader wrote: the writer has lost
 * leadership and must stop touching the checkpoint.
 */
public class StaleEpochException extends IOException {
    private static final long serialVersionUID = 1L;

    public StaleEpochException(String message) {
        super(message);
    }
}
