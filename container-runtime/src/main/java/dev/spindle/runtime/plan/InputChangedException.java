package dev.spindle.runtime.plan;

import java.io.IOException;

/** The input changed in a way the checkpoint cannot follow (its partition count): the job stops. */
public class InputChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    public InputChangedException(String message) {
        super(message);
    }
}
