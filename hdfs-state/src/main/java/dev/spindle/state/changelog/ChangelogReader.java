package dev.spindle.state.changelog;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import dev.spindle.state.log.FileRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a committed changelog. The whole file is checked against the length and CRC32C its
 * commit recorded, and against its own trailer, before a single entry is returned: a damaged
 * changelog is never half applied.
 */
public final class ChangelogReader {
    private ChangelogReader() {}

    /**
     * @throws CorruptFileException when the file is missing, of another length, or fails a checksum
     */
    public static ChangeSet read(CheckpointFs fs, FileRef ref) throws IOException {
        byte[] file;
        try (InputStream in = fs.fileSystem().open(fs.resolve(ref.path()))) {
            file = in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new CorruptFileException(ref.path(), "missing");
        }
        verify(file, ref);
        return parse(file, ref.path());
    }

    /** Checks the bytes of a changelog file against its reference and its own trailer. */
    public static void verify(byte[] file, FileRef ref) throws CorruptFileException {
        if (file.length != ref.length()) {
            throw new CorruptFileException(ref.path(), "length " + file.length + ", the commit recorded " + ref.length());
        }
        if (Crc32c.of(file) != ref.crc32c()) {
            throw new CorruptFileException(ref.path(), "checksum mismatch");
        }
        int header = ChangelogFormat.HEADER.length;
        if (file.length < header + ChangelogFormat.TRAILER_LENGTH
                || !Arrays.equals(file, 0, header, ChangelogFormat.HEADER, 0, header)) {
            throw new CorruptFileException(ref.path(), "not a Spindle changelog");
        }
        ByteBuffer trailer = ByteBuffer.wrap(file, file.length - ChangelogFormat.TRAILER_LENGTH,
                ChangelogFormat.TRAILER_LENGTH);
        if (trailer.get() != ChangelogFormat.END) {
            throw new CorruptFileException(ref.path(), "no end marker");
        }
        trailer.getLong();
        int crc = trailer.getInt();
        if ((int) Crc32c.of(file, 0, file.length - ChangelogFormat.TRAILER_LENGTH) != crc) {
            throw new CorruptFileException(ref.path(), "trailer checksum mismatch");
        }
    }

    /** Checks that the entries are well formed and as many as the trailer counts, and wraps them. */
    private static ChangeSet parse(byte[] file, String path) throws CorruptFileException {
        int start = ChangelogFormat.HEADER.length;
        int end = file.length - ChangelogFormat.TRAILER_LENGTH;
        ByteBuffer in = ByteBuffer.wrap(file, start, end - start);
        long entries = 0;
        try {
            while (in.hasRemaining()) {
                byte type = in.get();
                if (type != ChangelogFormat.PUT && type != ChangelogFormat.DELETE) {
                    throw new CorruptFileException(path, "unknown entry type " + type);
                }
                skip(in, in.getInt());
                if (type == ChangelogFormat.PUT) {
                    skip(in, in.getInt());
                }
                entries++;
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptFileException(path, "malformed entries");
        }
        long count = ByteBuffer.wrap(file, end + 1, 8).getLong();
        if (count != entries) {
            throw new CorruptFileException(path, "trailer counts " + count + " entries, found " + entries);
        }
        return ChangeSet.wrap(file, start, end, (int) entries);
    }

    private static void skip(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        in.position(in.position() + length);
    }
}
