package dev.spindle.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Spindle's jars kept on the cluster for every submission ({@code spindle.yarn.lib-cache}), as Flink's
 * {@code yarn.provided.lib.dirs} and Spark's {@code spark.yarn.archive} keep theirs: under
 * {@code <cache>/<digest>/}, the digest being of the jars' names and contents, so a changed build
 * gets a directory of its own and a file there never changes. Missing jars are uploaded (each
 * written beside its name and renamed to it, so concurrent submissions are safe), world-readable:
 * they are Spindle's own binaries, and readable by all, YARN localizes them into its public cache,
 * once per node for all applications ({@code ExecutorLaunch.resources} picks the visibility from the
 * permissions).
 */
final class LibCache {
    private static final FsPermission READABLE_DIRECTORY = new FsPermission((short) 0755);
    private static final FsPermission READABLE_FILE = new FsPermission((short) 0644);

    private LibCache() {}

    /** The jars in the cache, uploading what is missing; as {@code name=uri} pairs, the form of {@code SPINDLE_SHIPPED}. */
    static List<String> ensure(FileSystem fs, org.apache.hadoop.fs.Path cache, List<Path> jars) throws IOException {
        org.apache.hadoop.fs.Path dir = fs.makeQualified(new org.apache.hadoop.fs.Path(cache, digest(jars)));
        List<String> shipped = new ArrayList<>();
        for (Path jar : jars) {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, jar.getFileName().toString());
            if (!fs.exists(target) || fs.getFileStatus(target).getLen() != Files.size(jar)) {
                upload(fs, jar, target);
            }
            shipped.add(target.getName() + "=" + target.toUri());
        }
        return shipped;
    }

    private static void upload(FileSystem fs, Path jar, org.apache.hadoop.fs.Path target) throws IOException {
        mkdirsReadable(fs, target.getParent());
        org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (InputStream in = Files.newInputStream(jar);
                OutputStream out = fs.create(temp, READABLE_FILE, false, 64 * 1024, fs.getDefaultReplication(temp),
                        fs.getDefaultBlockSize(temp), null)) {
            in.transferTo(out);
        }
        try {
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temp, target, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            fs.delete(temp, false);
            throw e;
        }
    }

    /** Makes {@code dir} and its missing parents 0755 (mkdirs would apply the umask to the parents). */
    private static void mkdirsReadable(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        if (dir == null || fs.exists(dir)) {
            return;
        }
        mkdirsReadable(fs, dir.getParent());
        fs.mkdirs(dir);
        fs.setPermission(dir, READABLE_DIRECTORY);
    }

    /** The first 16 hex digits of a SHA-256 over each jar's name and content, in the given order. */
    static String digest(List<Path> jars) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (Path jar : jars) {
            digest.update(jar.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest)) {
                while (in.read(buffer) >= 0) {
                    // the stream updates the digest
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
