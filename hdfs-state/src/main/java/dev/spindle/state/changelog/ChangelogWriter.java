package dev.spindle.state.changelog;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Writes the changelog of one attempt: the puts and deletes of one batch, one entry per touched
 * key, to its attempt-unique path; {@code hsync}s it and returns the reference a commit records.
 * The file is inert until a commit names it. The entries are already encoded ({@link ChangeSet}):
 * the file is a header, that buffer and a trailer.
 */
public final class ChangelogWriter {
    private ChangelogWriter() {}

    /**
     * @param path the attempt-unique path, relative to the checkpoint (see
     *     {@link dev.spindle.state.CheckpointLayout#changelog}); must not exist
     */
    public static FileRef write(CheckpointFs fs, String path, ChangeSet changes) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(ChangelogFormat.HEADER);
        crc.update(changes.buffer(), changes.start(), changes.end() - changes.start());
        ByteBuffer trailer = ByteBuffer.allocate(ChangelogFormat.TRAILER_LENGTH);
        trailer.put(ChangelogFormat.END).putLong(changes.size()).putInt((int) crc.getValue());
        crc.update(trailer.array());
        try (FSDataOutputStream file = fs.create(fs.resolve(path))) {
            file.write(ChangelogFormat.HEADER);
            file.write(changes.buffer(), changes.start(), changes.end() - changes.start());
            file.write(trailer.array());
            file.hsync();
        }
        long length = ChangelogFormat.HEADER.length + (changes.end() - changes.start()) + ChangelogFormat.TRAILER_LENGTH;
        return new FileRef(path, length, crc.getValue());
    }
}
