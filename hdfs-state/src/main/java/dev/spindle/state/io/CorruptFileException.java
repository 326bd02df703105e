package dev.spindle.state.io;

import java.io.IOException;

/**
 * A checkpoint file failed verification: bad checksum, wrong length, truncated, unparsable.
 * Recovery treats the file as lost: it falls back to an older commit that does not need it.
 */
public class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public CorruptFileException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The file, relative to the checkpoint directory when it lies inside it. */
    public String path() {
        return path;
    }
}
