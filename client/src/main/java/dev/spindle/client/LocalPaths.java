package dev.spindle.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Checks a command makes of the files it is given, before it starts anything, each failing with one line naming the path. */
public final class LocalPaths {
    private LocalPaths() {}

    /** @throws UsageException when {@code file} is missing, a directory, or not readable */
    public static Path inputFile(String file) throws UsageException {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new UsageException("input " + file + " is a directory, not a file");
        }
        if (!Files.exists(path)) {
            throw new UsageException("input file " + file + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException("input file " + file + " is not readable");
        }
        return path;
    }

    /**
     * Makes {@code dir} (any Hadoop file system) if it is missing, and checks that it is a
     * directory this user can write to.
     *
     * @param what names the directory in the message ("output directory")
     * @throws UsageException naming the directory and what is wrong with it
     */
    public static void writableDirectory(String what, URI dir, Configuration conf) throws UsageException {
        if ("file".equals(dir.getScheme())) {
            Path local = Path.of(dir);
            if (Files.exists(local) && !Files.isDirectory(local)) {
                throw new UsageException(what + " " + local + " is a file, not a directory");
            }
            try {
                Files.createDirectories(local);
            } catch (IOException e) {
                throw new UsageException("cannot create " + what + " " + local + ": " + reason(e));
            }
            if (!Files.isWritable(local)) {
                throw new UsageException(what + " " + local + " is not writable");
            }
            return;
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
                throw new UsageException(what + " " + dir + " is a file, not a directory");
            }
            if (!fs.mkdirs(path)) {
                throw new UsageException("cannot create " + what + " " + dir);
            }
        } catch (IOException e) {
            throw new UsageException("cannot create " + what + " " + dir + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "FileSystemException", "NoSuchFileException" -> e.getMessage();
            default -> e.getMessage() == null ? name : e.getMessage();
        };
    }
}
