package dev.spindle.runtime.sink;

import dev.spindle.runtime.CrashPoints;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.OutputFile;
import dev.spindle.state.log.TaskCommit;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The file sink: every staged file a commit names is checked against the length and CRC32C the
 * commit recorded, then gets its final name, without overwriting; a final file already present
 * with the recorded length and checksum is one an earlier, interrupted publish moved, and is
 * skipped. Staged and final files on one file system are renamed; across file systems they are
 * copied to a temporary name beside the final one, then renamed.
 */
public final class FileSink implements OutputSink {
    private final Checkpoint checkpoint;
    private final Configuration conf;

    public FileSink(Checkpoint checkpoint, Configuration conf) {
        this.checkpoint = checkpoint;
        this.conf = CheckpointFs.withRawLocalFiles(conf);
    }

    /** @throws IOException naming the file when a final name is taken by other bytes, or a staged file is lost or damaged */
    @Override
    public int publish(BatchCommit commit) throws IOException {
        int files = 0;
        for (TaskCommit task : commit.tasks().values()) {
            for (OutputFile output : task.outputs()) {
                if (OutputLocation.isKafka(output.finalPath())) {
                    throw new IOException("cannot publish batch " + commit.batch() + ": its output goes to "
                            + output.finalPath() + ", and this run writes files");
                }
                publish(commit.batch(), output);
                files++;
                CrashPoints.reached(CrashPoints.MID_PUBLISH, commit.batch());
            }
        }
        return files;
    }

    private void publish(long batch, OutputFile output) throws IOException {
        Path target = new Path(output.finalPath());
        FileSystem targetFs = target.getFileSystem(conf);
        FileStatus existing = status(targetFs, target);
        if (existing != null) {
            if (existing.getLen() == output.length() && crc32c(targetFs, target) == output.crc32c()) {
                return; // moved by an earlier publish of this commit
            }
            throw new IOException("cannot publish batch " + batch + ": " + target + " exists with other bytes than"
                    + " the " + output.length() + " this batch wrote; an output directory is never overwritten");
        }
        Path staged = checkpoint.fs().resolve(output.staged());
        if (!checkpoint.fs().exists(output.staged())) {
            throw new IOException("cannot publish batch " + batch + ": staged file " + output.staged() + " is lost");
        }
        targetFs.mkdirs(target.getParent());
        FileSystem stagingFs = checkpoint.fs().fileSystem();
        if (sameFileSystem(stagingFs, targetFs)) {
            copyChecked(stagingFs, staged, output, OutputStream.nullOutputStream()); // what is renamed is what was committed
            renameNoOverwrite(staged, target);
            return;
        }
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = targetFs.create(temp, false)) {
                copyChecked(stagingFs, staged, output, out);
            }
            renameNoOverwrite(temp, target);
        } catch (IOException e) {
            targetFs.delete(temp, false);
            throw e;
        }
    }

    /** Copies a staged file to {@code out}, then checks its length and CRC32C against the commit. */
    private static void copyChecked(FileSystem fs, Path staged, OutputFile output, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        long length;
        try (InputStream in = new CheckedInputStream(fs.open(staged), crc)) {
            length = in.transferTo(out);
        }
        StagedOutput.checkMatchesCommit(output, length, crc.getValue());
    }

    private static long crc32c(FileSystem fs, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = new CheckedInputStream(fs.open(file), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return crc.getValue();
    }

    private void renameNoOverwrite(Path source, Path target) throws IOException {
        FileContext.getFileContext(target.toUri(), conf).rename(source, target, Options.Rename.NONE);
    }

    private static boolean sameFileSystem(FileSystem a, FileSystem b) {
        return a.getUri().equals(b.getUri());
    }

    private static FileStatus status(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
