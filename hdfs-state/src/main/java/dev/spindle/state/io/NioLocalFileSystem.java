package dev.spindle.state.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system, with file status, listing and permissions read and written
 * through {@code java.nio} instead of forked {@code stat}, {@code ls}, {@code readlink} and
 * {@code chmod} processes (what Hadoop does without its native library): a local-mode batch made
 * thousands of forks before. Used for {@code file://} checkpoints and output.
 */
public class NioLocalFileSystem extends RawLocalFileSystem {

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return status(f, true);
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
        return status(f, false);
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        java.nio.file.Path path = pathToFile(f).toPath();
        if (!Files.isDirectory(path)) {
            return new FileStatus[] {getFileStatus(f)};
        }
        List<FileStatus> statuses = new ArrayList<>();
        try (DirectoryStream<java.nio.file.Path> children = Files.newDirectoryStream(path)) {
            for (java.nio.file.Path child : children) {
                try {
                    statuses.add(status(new Path(f, child.getFileName().toString()), true));
                } catch (FileNotFoundException e) {
                    // deleted meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("File " + f + " does not exist");
        }
        return statuses.toArray(new FileStatus[0]);
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), toPosix(permission));
    }

    private FileStatus status(Path f, boolean followLinks) throws IOException {
        java.nio.file.Path path = pathToFile(f).toPath();
        PosixFileAttributes attributes;
        try {
            attributes = followLinks ? Files.readAttributes(path, PosixFileAttributes.class)
                    : Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("File " + f + " does not exist");
        }
        FileStatus status = new FileStatus(attributes.size(), attributes.isDirectory(), 1, getDefaultBlockSize(f),
                attributes.lastModifiedTime().toMillis(), attributes.lastAccessTime().toMillis(),
                fromPosix(attributes.permissions()), attributes.owner().getName(), attributes.group().getName(),
                makeQualified(f));
        if (attributes.isSymbolicLink()) {
            status.setSymlink(new Path(Files.readSymbolicLink(path).toString()));
        }
        return status;
    }

    private static Set<PosixFilePermission> toPosix(FsPermission permission) {
        Set<PosixFilePermission> set = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        int bits = permission.toShort();
        for (int i = 0; i < 9; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    private static FsPermission fromPosix(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission permission : permissions) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return new FsPermission((short) bits);
    }

    /** The same file system for {@code FileContext}: what {@code fs.AbstractFileSystem.file.impl} names. */
    public static final class Fs extends DelegateToFileSystem {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new NioLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }
    }
}
