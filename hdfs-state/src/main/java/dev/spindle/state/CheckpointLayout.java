package dev.spindle.state;

import dev.spindle.state.io.Crc32c;

import java.util.OptionalLong;

/**
 * Where everything lives in a checkpoint directory (format version 1). Every name a task writes
 * carries its batch and attempt, so no two attempts ever write the same file (invariant I2).
 *
 * <pre>
 * metadata                                          job name, topology fingerprint, format version
 * offsets/&lt;b&gt;                                       plan of batch b (write-once)
 * commits/&lt;b&gt;                                       commit point of batch b (write-once)
 * state/&lt;task&gt;/changelog/&lt;b&gt;-&lt;attempt&gt;.log           puts and deletes of batch b by one attempt
 * state/&lt;task&gt;/snapshot/&lt;b&gt;-&lt;attempt&gt;/               manifest + CURRENT, MANIFEST-*, OPTIONS-* of state b
 * state/&lt;task&gt;/sst/&lt;b&gt;-&lt;file&gt;-&lt;uuid&gt;.sst             SST files, shared by every manifest that lists them
 * sinks/staging/&lt;b&gt;/&lt;task&gt;/&lt;attempt&gt;/...            staged output of one attempt
 * sinks/published/&lt;b&gt;                              publishing of batch b is done
 * shuffle/&lt;b&gt;/&lt;task&gt;/&lt;attempt&gt;.data                what one attempt sent to the next stage
 * tables/&lt;name&gt;/&lt;crc32c&gt;-&lt;length&gt;                 a pinned version of a static table
 * .lock                                             held by the run (file:// only)
 * </pre>
 *
 * An attempt is named {@code <epoch>-<n>}. Temporary files are {@code .<name>.<uuid>.tmp} beside their target.
 */
public final class CheckpointLayout {
    public static final String METADATA = "metadata";
    public static final String STATE = "state";
    public static final String STAGING = "sinks/staging";
    public static final String PUBLISHED = "sinks/published";
    /** Pinned versions of static tables: {@code tables/<name>/<crc32c>-<length>}, named by plans. */
    public static final String TABLES = "tables";

    /** The copy of one version of static table {@code name}: its bytes have this CRC32C and length. */
    public static String tableCopy(String name, long crc, long length) {
        return TABLES + "/" + name + "/" + Crc32c.hex(crc) + "-" + length;
    }

    public static boolean isTableCopy(String path) {
        return path.startsWith(TABLES + "/");
    }

    /** Shuffle files: {@code shuffle/<b>/<task>/<attempt>.data}, named by commits. */
    public static final String SHUFFLE = "shuffle";

    /** The shuffle file of one attempt of an upstream task. */
    public static String shuffleFile(long batch, String task, String attempt) {
        return SHUFFLE + "/" + batch + "/" + task + "/" + attempt + ".data";
    }

    public static boolean isShuffleFile(String path) {
        return path.startsWith(SHUFFLE + "/");
    }
    public static final String MANIFEST_FILE = "manifest";

    private CheckpointLayout() {}

    public static String attempt(long epoch, long number) {
        return epoch + "-" + number;
    }

    public static String taskDir(String task) {
        return STATE + "/" + task;
    }

    public static String changelog(String task, long batch, String attempt) {
        return taskDir(task) + "/changelog/" + batch + "-" + attempt + ".log";
    }

    public static String snapshotDir(String task, long stateBatch, String attempt) {
        return taskDir(task) + "/snapshot/" + stateBatch + "-" + attempt;
    }

    public static String sst(String task, long stateBatch, String localName, String uuid) {
        String stem = localName.endsWith(".sst") ? localName.substring(0, localName.length() - 4) : localName;
        return taskDir(task) + "/sst/" + stateBatch + "-" + stem + "-" + uuid + ".sst";
    }

    public static String stagingDir(long batch, String task, String attempt) {
        return STAGING + "/" + batch + "/" + task + "/" + attempt;
    }

    public static String published(long batch) {
        return PUBLISHED + "/" + batch;
    }

    /**
     * The batch a checkpoint path belongs to, read from its name, or empty for paths that carry
     * none (metadata, the lock). Temporary files belong to the batch of their target.
     */
    public static OptionalLong batchOf(String relative) {
        String[] parts = relative.split("/");
        if (parts.length == 2 && (parts[0].equals("offsets") || parts[0].equals("commits"))) {
            return leadingNumber(stripTemp(parts[1]));
        }
        if (parts.length >= 4 && parts[0].equals(STATE)) {
            return leadingNumber(stripTemp(parts[3]));
        }
        if (parts.length >= 3 && parts[0].equals(SHUFFLE)) {
            return leadingNumber(parts[1]);
        }
        if (parts.length >= 3 && parts[0].equals("sinks")) {
            return leadingNumber(stripTemp(parts[2]));
        }
        return OptionalLong.empty();
    }

    private static String stripTemp(String name) {
        return name.startsWith(".") && name.endsWith(".tmp") ? name.substring(1) : name;
    }

    private static OptionalLong leadingNumber(String name) {
        int end = 0;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 18 || (end < name.length() && name.charAt(end) != '-' && name.charAt(end) != '.')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(name.substring(0, end)));
    }
}
