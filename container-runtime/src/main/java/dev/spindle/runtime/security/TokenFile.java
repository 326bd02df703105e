package dev.spindle.runtime.security;

import dev.spindle.state.io.CheckpointFs;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.Credentials;

/**
 * A job's current delegation tokens as a file in its private staging directory on HDFS: YARN can
 * hand tokens to a container only when it starts, so the ApplicationMaster, each time it obtains
 * new ones, replaces this file (0600, written beside it and renamed over it), and running executors
 * read it when it changes ({@link TokenFileWatcher}). Its format is Hadoop's token storage, the one
 * of {@code HADOOP_TOKEN_FILE_LOCATION}.
 */
public final class TokenFile {
    /** The environment variable that gives executors the file's URI. */
    public static final String ENV = "SPINDLE_TOKEN_FILE";
    /** Its name in the staging directory. */
    public static final String NAME = "tokens";

    private TokenFile() {}

    /** Replaces {@code file} with {@code credentials}; readers see the old file or the new one, whole. */
    public static void write(Path file, Credentials credentials, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        Path temp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(temp, CheckpointFs.PRIVATE_FILE, false, 4096,
                fs.getDefaultReplication(temp), fs.getDefaultBlockSize(temp), null)) {
            credentials.writeTokenStorageToStream(out);
            out.hsync();
        }
        try {
            FileContext.getFileContext(fs.getUri(), conf).rename(temp, file, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            fs.delete(temp, false);
            throw e;
        }
    }

    public static Credentials read(Path file, Configuration conf) throws IOException {
        Credentials credentials = new Credentials();
        try (DataInputStream in = file.getFileSystem(conf).open(file)) {
            credentials.readTokenStorageStream(in);
        }
        return credentials;
    }
}
