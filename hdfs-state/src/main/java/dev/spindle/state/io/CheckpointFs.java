package dev.spindle.state.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A checkpoint directory on any Hadoop file system, with the few operations the durable store
 * is built from. Paths inside it are named relative to its root ({@code offsets/7}).
 *
 * <p>On {@code file://} it uses the raw local file system: Spindle checksums its files itself,
 * so Hadoop's {@code .crc} side files would only be noise. There rename overwrites (and
 * no-overwrite rename is check-then-act), so a run must hold the {@link CheckpointLock}.
 */
public final class CheckpointFs {
    /** The checkpoint directory and the directories Spindle makes in it: only their owner may enter them. */
    public static final FsPermission PRIVATE_DIRECTORY = new FsPermission((short) 0700);
    /** Every file Spindle writes into a checkpoint: only its owner may read it. */
    public static final FsPermission PRIVATE_FILE = new FsPermission((short) 0600);

    private final Path root;
    private final FileSystem fs;
    private final FileContext fc;

    private CheckpointFs(Path root, FileSystem fs, FileContext fc) {
        this.root = root;
        this.fs = fs;
        this.fc = fc;
    }

    /** The checkpoint directory {@code uri}; a URI without scheme means the default file system. */
    public static CheckpointFs open(URI uri, Configuration base) throws IOException {
        Configuration conf = withRawLocalFiles(base);
        FileSystem fs = new Path(uri).getFileSystem(conf);
        // Path(String) drops a trailing slash ("dir/" from File.toURI), which relativize relies on
        Path root = fs.makeQualified(new Path(new Path(uri).toString()));
        FileContext fc = FileContext.getFileContext(root.toUri(), conf);
        return new CheckpointFs(root, fs, fc);
    }

    /**
     * A copy of {@code base} in which {@code file://} is Hadoop's raw local file system (no
     * {@code .crc} side files: Spindle checks integrity itself) without forked processes
     * ({@link NioLocalFileSystem}).
     */
    public static Configuration withRawLocalFiles(Configuration base) {
        Configuration conf = new Configuration(base);
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** True on file systems whose no-overwrite rename is atomic (HDFS); false on the local one. */
    public boolean hasAtomicNoOverwriteRename() {
        return !"file".equals(root.toUri().getScheme());
    }

    public Path resolve(String relative) {
        return relative.isEmpty() ? root : new Path(root, relative);
    }

    /** The path relative to the root, or the full path when it lies outside. */
    public String relativize(Path path) {
        String rootText = root.toUri().getPath();
        String text = fs.makeQualified(path).toUri().getPath();
        if (text.equals(rootText)) {
            return "";
        }
        return text.startsWith(rootText + "/") ? text.substring(rootText.length() + 1) : path.toString();
    }

    /**
     * Creates {@code path} (mode 0600) for writing, with the file system's default
     * replication or {@code replication} when positive; a parent it must create gets the file
     * system's default mode, private still because the checkpoint directory is.
     */
    public FSDataOutputStream create(Path path, boolean overwrite, short replication) throws IOException {
        return fs.create(path, PRIVATE_FILE, overwrite, fs.getConf().getInt("io.file.buffer.size", 4096),
                replication > 0 ? replication : fs.getDefaultReplication(path), fs.getDefaultBlockSize(path), null);
    }

    /** As {@link #create(Path, boolean, short)}, never over an existing file, with the default replication. */
    public FSDataOutputStream create(Path path) throws IOException {
        return create(path, false, (short) 0);
    }

    /** Makes {@code dir} and its missing parents, only their owner may enter them. */
    public void mkdirs(Path dir) throws IOException {
        fs.mkdirs(dir, PRIVATE_DIRECTORY);
    }

    /**
     * Writes {@code bytes} as {@code relative}, atomically and never over an existing file: a
     * temporary file beside it, {@code hsync}, then a rename that fails if the target exists.
     *
     * @return true if this call created the file, false if it already existed
     */
    public boolean createAtomically(String relative, byte[] bytes) throws IOException {
        Path target = resolve(relative);
        if (fs.exists(target)) {
            return false;
        }
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = create(temp)) {
            out.write(bytes);
            out.hsync();
        }
        try {
            fc.rename(temp, target, Options.Rename.NONE);
            return true;
        } catch (FileAlreadyExistsException e) {
            fs.delete(temp, false);
            return false;
        } catch (IOException e) {
            fs.delete(temp, false);
            throw e;
        }
    }

    /** Renames without overwriting; false if the target exists. */
    public boolean renameNoOverwrite(Path source, Path target) throws IOException {
        try {
            mkdirs(target.getParent());
            fc.rename(source, target, Options.Rename.NONE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** The whole file, or null when it does not exist. */
    public byte[] readIfExists(String relative) throws IOException {
        try (InputStream in = fs.open(resolve(relative))) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    public boolean exists(String relative) throws IOException {
        return fs.exists(resolve(relative));
    }

    /** The entries of a directory; empty when it does not exist. */
    public List<FileStatus> list(String relative) throws IOException {
        try {
            return List.of(fs.listStatus(resolve(relative)));
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    /** Every file below a directory, recursively; empty when it does not exist. */
    public List<FileStatus> listFilesRecursively(String relative) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : list(relative)) {
            if (status.isDirectory()) {
                files.addAll(listFilesRecursively(relativize(status.getPath())));
            } else {
                files.add(status);
            }
        }
        return files;
    }

    public boolean delete(String relative, boolean recursive) throws IOException {
        return fs.delete(resolve(relative), recursive);
    }
}
