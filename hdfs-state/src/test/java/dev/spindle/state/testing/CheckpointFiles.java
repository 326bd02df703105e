package dev.spindle.state.testing;

import dev.spindle.state.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** Damages and lists files of a checkpoint, on any file system, for tests. */
public final class CheckpointFiles {
    private CheckpointFiles() {}

    public static void flipByte(Checkpoint checkpoint, String relative, int offsetFromMiddle) throws IOException {
        byte[] bytes = read(checkpoint, relative);
        bytes[bytes.length / 2 + offsetFromMiddle] ^= 0x40;
        rewrite(checkpoint, relative, bytes);
    }

    public static void truncate(Checkpoint checkpoint, String relative, int bytesToDrop) throws IOException {
        byte[] bytes = read(checkpoint, relative);
        rewrite(checkpoint, relative, Arrays.copyOf(bytes, bytes.length - bytesToDrop));
    }

    /**
     * Lets {@code by} pass for every file present: their modification times move back, so files
     * written later stay young, as they would after real time passed.
     */
    public static void age(Checkpoint checkpoint, java.time.Duration by) throws IOException {
        for (FileStatus status : checkpoint.fs().listFilesRecursively("")) {
            checkpoint.fs().fileSystem().setTimes(status.getPath(), status.getModificationTime() - by.toMillis(), -1);
        }
    }

    public static List<String> list(Checkpoint checkpoint, String relative) throws IOException {
        List<String> paths = new ArrayList<>();
        for (FileStatus status : checkpoint.fs().listFilesRecursively(relative)) {
            paths.add(checkpoint.fs().relativize(status.getPath()));
        }
        paths.sort(null);
        return paths;
    }

    private static byte[] read(Checkpoint checkpoint, String relative) throws IOException {
        try (InputStream in = checkpoint.fs().fileSystem().open(checkpoint.fs().resolve(relative))) {
            return in.readAllBytes();
        }
    }

    private static void rewrite(Checkpoint checkpoint, String relative, byte[] bytes) throws IOException {
        Path path = checkpoint.fs().resolve(relative);
        try (FSDataOutputStream out = checkpoint.fs().fileSystem().create(path, true)) {
            out.write(bytes);
        }
    }
}
