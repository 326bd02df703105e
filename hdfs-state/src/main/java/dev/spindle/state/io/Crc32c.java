package dev.spindle.state.io;

import java.util.zip.CRC32C;

/** CRC32C checksums as Spindle writes them: 8 lowercase hexadecimal digits. */
public final class Crc32c {
    private Crc32c() {}

    public static long of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    public static long of(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    public static String hex(long crc) {
        return String.format("%08x", crc);
    }

    /** @throws NumberFormatException when the text is not 1 to 8 hexadecimal digits */
    public static long parseHex(String text) {
        if (text.isEmpty() || text.length() > 8) {
            throw new NumberFormatException("not a CRC32C: '" + text + "'");
        }
        return Long.parseLong(text, 16);
    }
}
