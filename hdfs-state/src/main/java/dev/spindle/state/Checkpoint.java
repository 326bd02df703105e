package dev.spindle.state;

import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CheckpointLock;
import dev.spindle.state.log.CommitLog;
import dev.spindle.state.log.OffsetLog;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint directory opened by a run or a tool: its file system, its offset and commit logs,
 * and (for writers on {@code file://}) the lock that keeps a second run out.
 */
public final class Checkpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);

    private final CheckpointFs fs;
    private final OffsetLog offsets;
    private final CommitLog commits;
    private final CheckpointLock lock;

    private Checkpoint(CheckpointFs fs, CheckpointLock lock) {
        this.fs = fs;
        this.lock = lock;
        this.offsets = new OffsetLog(fs);
        this.commits = new CommitLog(fs, offsets);
    }

    /**
     * Opens a checkpoint for writing. On {@code file://} this takes the checkpoint's lock for as
     * long as it stays open.
     *
     * @throws dev.spindle.state.io.CheckpointInUseException when another run holds it
     */
    public static Checkpoint open(URI uri, Configuration conf) throws IOException {
        CheckpointFs fs = CheckpointFs.open(uri, conf);
        fs.mkdirs(fs.root());
        warnIfOthersCanRead(fs);
        return new Checkpoint(fs, CheckpointLock.acquire(fs));
    }

    /**
     * Logs a warning when others than the owner may read the checkpoint directory (made before
     * Spindle made it private, or opened up since): its offsets, state and staged output are the
     * job's data.
     */
    private static void warnIfOthersCanRead(CheckpointFs fs) throws IOException {
        FsPermission mode = fs.fileSystem().getFileStatus(fs.root()).getPermission();
        if (mode.getGroupAction().implies(FsAction.READ) || mode.getOtherAction().implies(FsAction.READ)) {
            LOG.warn("Checkpoint {} is readable by others (mode {}); it holds the job's state and output: "
                    + "make it private with hdfs dfs -chmod -R 700 {}", fs.root(), mode, fs.root());
        }
    }

    /** Opens a checkpoint to read it, without any lock. */
    public static Checkpoint openForReading(URI uri, Configuration conf) throws IOException {
        return new Checkpoint(CheckpointFs.open(uri, conf), null);
    }

    /**
     * Whether the directory holds a checkpoint: its metadata, or a plan log (checkpoints written
     * before metadata existed have only that). Tools refuse other directories before touching them.
     */
    public boolean exists() throws IOException {
        return fs.exists(CheckpointLayout.METADATA) || fs.exists("offsets") || fs.exists("commits");
    }

    public CheckpointFs fs() {
        return fs;
    }

    public OffsetLog offsets() {
        return offsets;
    }

    public CommitLog commits() {
        return commits;
    }

    /** Releases the lock, if held. */
    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }
}
