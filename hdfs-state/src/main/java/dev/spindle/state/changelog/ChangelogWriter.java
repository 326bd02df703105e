package dev.spindle.state.changelog;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Writes the changelog of one attempt: the puts and deletes of one batch, one entry per touched
 * key, to its attempt-unique path; {@code hsync}s it and returns the reference a commit records.
 * The file is inert until a commit names it. The file is encoded in memory first (a changelog is
 * bounded by the batch's rate limit) and written in one go.
 */
public final class ChangelogWriter {
    private ChangelogWriter() {}

    /**
     * @param path the attempt-unique path, relative to the checkpoint (see
     *     {@link dev.spindle.state.CheckpointLayout#changelog}); must not exist
     */
    public static FileRef write(CheckpointFs fs, String path, Collection<StateChange> changes) throws IOException {
        long size = ChangelogFormat.HEADER.length + ChangelogFormat.TRAILER_LENGTH;
        for (StateChange change : changes) {
            size += 5 + change.key().length + (change.isDelete() ? 0 : 4 + change.value().length);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("changelog " + path + " would be " + size + " bytes; lower the batch size");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        buffer.put(ChangelogFormat.HEADER);
        for (StateChange change : changes) {
            buffer.put(change.isDelete() ? ChangelogFormat.DELETE : ChangelogFormat.PUT);
            buffer.putInt(change.key().length).put(change.key());
            if (!change.isDelete()) {
                buffer.putInt(change.value().length).put(change.value());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.put(ChangelogFormat.END).putLong(changes.size()).putInt((int) crc.getValue());
        crc.update(buffer.array(), buffer.position() - ChangelogFormat.TRAILER_LENGTH, ChangelogFormat.TRAILER_LENGTH);
        try (FSDataOutputStream file = fs.fileSystem().create(fs.resolve(path), false)) {
            file.write(buffer.array(), 0, buffer.position());
            file.hsync();
        }
        return new FileRef(path, buffer.position(), crc.getValue());
    }
}
