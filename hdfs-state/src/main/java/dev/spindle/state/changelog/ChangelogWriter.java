package dev.spindle.state.changelog;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.FileRef;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Writes the changelog of one attempt: the puts and deletes of one batch, one entry per touched
 * key, to its attempt-unique path; {@code hsync}s it and returns the reference a commit records.
 * The file is inert until a commit names it.
 */
public final class ChangelogWriter {
    private static final int BUFFER_BYTES = 64 * 1024;

    private ChangelogWriter() {}

    /**
     * @param path the attempt-unique path, relative to the checkpoint (see
     *     {@link dev.spindle.state.CheckpointLayout#changelog}); must not exist
     */
    public static FileRef write(CheckpointFs fs, String path, Iterable<StateChange> changes) throws IOException {
        CRC32C crc = new CRC32C();
        try (FSDataOutputStream file = fs.fileSystem().create(fs.resolve(path), false)) {
            DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(new CheckedOutputStream(file, crc), BUFFER_BYTES));
            out.write(ChangelogFormat.HEADER);
            long count = 0;
            for (StateChange change : changes) {
                out.writeByte(change.isDelete() ? ChangelogFormat.DELETE : ChangelogFormat.PUT);
                out.writeInt(change.key().length);
                out.write(change.key());
                if (!change.isDelete()) {
                    out.writeInt(change.value().length);
                    out.write(change.value());
                }
                count++;
            }
            out.flush();
            int bodyCrc = (int) crc.getValue(); // covers every byte so far
            out.writeByte(ChangelogFormat.END);
            out.writeLong(count);
            out.writeInt(bodyCrc);
            out.flush();
            file.hsync();
            return new FileRef(path, file.getPos(), crc.getValue());
        }
    }
}
