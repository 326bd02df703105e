package dev.spindle.state.changelog;

import java.nio.charset.StandardCharsets;

/**
 * The binary format of a state changelog (version 1):
 *
 * <pre>
 * "SPINDLE changelog v1\n"
 * { 'P' u32 keyLength key u32 valueLength value  |  'D' u32 keyLength key } ...
 * 'E' u64 entryCount u32 crc32c
 * </pre>
 *
 * Integers are big-endian; the trailer's CRC32C covers every byte before it. A commit records
 * the length and CRC32C of the whole file as well.
 */
final class ChangelogFormat {
    static final byte[] HEADER = "SPINDLE changelog v1\n".getBytes(StandardCharsets.US_ASCII);
    static final byte PUT = 'P';
    static final byte DELETE = 'D';
    static final byte END = 'E';
    static final int TRAILER_LENGTH = 1 + 8 + 4;

    private ChangelogFormat() {}
}
