package dev.spindle.appmaster;

import java.io.IOException;

/** This ApplicationMaster no longer leads the job: it must stop touching the checkpoint and exit. */
public class LeadershipLostException extends IOException {
    private static final long serialVersionUID = 1L;

    public LeadershipLostException(String message) {
        super(message);
    }
}
