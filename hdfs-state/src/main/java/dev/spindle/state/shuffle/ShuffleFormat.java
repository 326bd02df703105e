package dev.spindle.state.shuffle;

import java.nio.charset.StandardCharsets;

/**
 * A shuffle file: what one attempt of an upstream task sends to the n partitions of the next
 * stage, in one file. Big-endian:
 *
 * <pre>
 * "SPSH"                                   magic, 4 bytes
 * block 0, block 1, ..., block n−1         each a sequence of records:
 *                                          varint key length, key, varint value length, value
 * footer:  "SPSH", version (4), n (4),
 *          per partition: offset (8), length (4), records (4), CRC32C of the block (4),
 *          CRC32C of the footer so far (4)
 * footer length (4)
 * </pre>
 *
 * A report and the commit name the file with its length and the footer's CRC; a reader checks
 * the file's length and the footer before it trusts an offset, then its own block's CRC before
 * it uses a byte of it.
 */
final class ShuffleFormat {
    static final byte[] MAGIC = "SPSH".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ENTRY_LENGTH = 8 + 4 + 4 + 4;

    private ShuffleFormat() {}

    /** The footer's length with its CRC, without the trailing length field. */
    static int footerLength(int partitions) {
        return MAGIC.length + 4 + 4 + partitions * ENTRY_LENGTH + 4;
    }
}
