package dev.spindle.state.io;

import java.nio.charset.StandardCharsets;

/**
 * The envelope of every small checkpoint file (log entries, manifests, metadata): one header
 * line, then the body.
 *
 * <pre>
 * SPINDLE &lt;kind&gt; v1 &lt;body length in bytes&gt; &lt;crc32c of the body, 8 hex digits&gt;\n
 * &lt;body: UTF-8 JSON&gt;
 * </pre>
 *
 * The length finds truncation, the checksum finds any flipped bit; both are checked on every read.
 */
public final class Frame {
    public static final int VERSION = 1;
    private static final String MAGIC = "SPINDLE";

    private Frame() {}

    public static byte[] encode(String kind, byte[] body) {
        byte[] header = (MAGIC + " " + kind + " v" + VERSION + " " + body.length + " " + Crc32c.hex(Crc32c.of(body)) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[header.length + body.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        return file;
    }

    /**
     * The verified body of a framed file of the given kind.
     *
     * @param path names the file in errors
     */
    public static byte[] decode(String kind, byte[] file, String path) throws CorruptFileException {
        int newline = -1;
        for (int i = 0; i < Math.min(file.length, 128); i++) {
            if (file[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new CorruptFileException(path, file.length == 0 ? "empty file" : "no Spindle header");
        }
        String[] header = new String(file, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 5 || !header[0].equals(MAGIC)) {
            throw new CorruptFileException(path, "no Spindle header");
        }
        if (!header[1].equals(kind)) {
            throw new CorruptFileException(path, "is a '" + header[1] + "' file, expected '" + kind + "'");
        }
        if (!header[2].equals("v" + VERSION)) {
            throw new CorruptFileException(path, "format " + header[2] + " is not supported (this Spindle reads v" + VERSION + ")");
        }
        long length;
        long crc;
        try {
            length = Long.parseLong(header[3]);
            crc = Crc32c.parseHex(header[4]);
        } catch (NumberFormatException e) {
            throw new CorruptFileException(path, "unreadable header");
        }
        int bodyLength = file.length - newline - 1;
        if (bodyLength != length) {
            throw new CorruptFileException(path, (bodyLength < length ? "truncated: " : "too long: ")
                    + bodyLength + " of " + length + " body bytes");
        }
        if (Crc32c.of(file, newline + 1, bodyLength) != crc) {
            throw new CorruptFileException(path, "checksum mismatch");
        }
        byte[] body = new byte[bodyLength];
        System.arraycopy(file, newline + 1, body, 0, bodyLength);
        return body;
    }
}
