package dev.spindle.state.snapshot;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.log.FileRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataOutputStream;

/** Copies between local disk and the checkpoint, computing CRC32C on the way and verifying it on arrival. */
public final class FileTransfers {
    private static final int BUFFER_BYTES = 256 * 1024;

    private FileTransfers() {}

    /** Uploads a local file to {@code relative} (which must not exist), {@code hsync}ed; returns its reference. */
    static FileRef upload(CheckpointFs fs, Path local, String relative, RateLimiter limiter) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(local);
                FSDataOutputStream out = fs.create(fs.resolve(relative))) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                limiter.acquire(read);
                crc.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
            out.hsync();
            return new FileRef(relative, out.getPos(), crc.getValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload of " + relative + " interrupted");
        }
    }

    /**
     * Downloads {@code ref} to {@code target} through a temporary file, and moves it into place
     * only if its length and CRC32C are the recorded ones.
     *
     * @throws CorruptFileException when the file is missing or differs from its reference
     */
    public static void download(CheckpointFs fs, FileRef ref, Path target) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        CRC32C crc = new CRC32C();
        long length = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = fs.fileSystem().open(fs.resolve(ref.path()));
                OutputStream out = Files.newOutputStream(temp)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                crc.update(buffer, 0, read);
                out.write(buffer, 0, read);
                length += read;
            }
        } catch (FileNotFoundException e) {
            Files.deleteIfExists(temp);
            throw new CorruptFileException(ref.path(), "missing");
        }
        if (length != ref.length() || crc.getValue() != ref.crc32c()) {
            Files.deleteIfExists(temp);
            throw new CorruptFileException(ref.path(), length != ref.length()
                    ? "length " + length + ", recorded " + ref.length()
                    : "checksum mismatch");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The CRC32C of a file in the checkpoint, read in full. */
    public static long crc32c(CheckpointFs fs, String relative) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = fs.fileSystem().open(fs.resolve(relative))) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                crc.update(buffer, 0, read);
            }
        }
        return crc.getValue();
    }
}
