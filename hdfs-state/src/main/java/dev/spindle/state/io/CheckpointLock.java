package dev.spindle.state.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive OS lock a run holds on {@code <checkpoint>/.lock} for its whole life when the
 * checkpoint is on {@code file://}, where no-overwrite rename is not atomic. A second run (or
 * tool) on the same checkpoint fails at once. On HDFS this holds nothing: there the write-once
 * log positions and the job's ZooKeeper leadership keep writers apart.
 */
public final class CheckpointLock implements AutoCloseable {
    public static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, or on a file system with atomic no-overwrite rename returns a lock that holds nothing.
     *
     * @throws CheckpointInUseException one line naming the checkpoint and the holder
     */
    public static CheckpointLock acquire(CheckpointFs checkpoint) throws IOException {
        if (checkpoint.hasAtomicNoOverwriteRename()) {
            return new CheckpointLock(null, null);
        }
        Path dir = Path.of(checkpoint.root().toUri());
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            channel.close();
            throw new CheckpointInUseException("checkpoint " + dir + " is in use by another Spindle run"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; it holds " + file);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ManagementFactory.getRuntimeMXBean().getName())
                .getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
        return new CheckpointLock(channel, lock);
    }

    /** True when this lock really holds the OS lock (file:// checkpoints). */
    public boolean holdsOsLock() {
        return lock != null;
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            lock.release();
            channel.close();
        }
    }
}
