package dev.spindle.runtime.plan;

import dev.spindle.state.CheckpointLayout;

/**
 * The content of a static table a batch joins against, pinned in its plan: the CRC32C and length
 * of the file's bytes. The checkpoint keeps that content at {@link #path}.
 */
public record TableVersion(long crc, long length) {
    /** Where the checkpoint keeps this version of table {@code name}, relative to its root. */
    public String path(String name) {
        return CheckpointLayout.tableCopy(name, crc, length);
    }
}
