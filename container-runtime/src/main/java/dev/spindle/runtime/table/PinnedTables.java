package dev.spindle.runtime.table;

import dev.spindle.api.config.InvalidSettingException;
import dev.spindle.api.table.StaticTable;
import dev.spindle.api.table.TableFormat;
import dev.spindle.runtime.JobFailedException;
import dev.spindle.runtime.plan.TableVersion;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.Crc32c;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's side of stream-static joins: when a batch is planned, the version of each static
 * table the job joins against. A table's file is read again only when its length or modification
 * time changed since it was last read; a new version is validated ({@link TableFormat}), copied to
 * {@code <checkpoint>/tables/<name>/<crc>-<length>} (written once, atomically) and pinned in the
 * plan, so a replay joins against exactly that content whatever happens to the file.
 */
public final class PinnedTables {
    private final List<StaticTable> tables;
    private final Map<String, Path> paths = new HashMap<>();
    private final CheckpointFs checkpoint;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, FileSystem> fileSystems = new HashMap<>(); // one per table: the checkpoint's conf caches none

    /** What a table's file looked like when it was last read, and the version it had. */
    private record Seen(long length, long modified, TableVersion version) {}

    /**
     * @param settings the job's settings: each table's {@link StaticTable#pathSetting} names its file
     * @throws InvalidSettingException when a table's setting is missing
     */
    public PinnedTables(List<StaticTable> tables, Function<String, String> settings, CheckpointFs checkpoint) {
        this.tables = List.copyOf(tables);
        this.checkpoint = checkpoint;
        for (StaticTable table : tables) {
            String path = settings.apply(table.pathSetting());
            if (path == null || path.isBlank()) {
                throw new InvalidSettingException("the job joins table '" + table.name() + "': set its file with --conf "
                        + table.pathSetting() + "=PATH (hdfs://..., file:///..., or a path on fs.defaultFS)");
            }
            paths.put(table.name(), new Path(path.trim()));
        }
    }

    /**
     * The current version of every table, read, checked and kept in the checkpoint where new.
     *
     * @throws JobFailedException one line naming the file and, for a file that breaks a rule, the
     *     line and the rule
     */
    public SortedMap<String, TableVersion> current() throws IOException {
        SortedMap<String, TableVersion> versions = new TreeMap<>();
        for (StaticTable table : tables) {
            versions.put(table.name(), current(table));
        }
        return versions;
    }

    private TableVersion current(StaticTable table) throws IOException {
        Path path = paths.get(table.name());
        FileSystem fs = fileSystems.get(table.name());
        if (fs == null) {
            fs = path.getFileSystem(checkpoint.fileSystem().getConf());
            fileSystems.put(table.name(), fs);
        }
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new JobFailedException("table " + table.name() + " (" + table.pathSetting() + "): " + fs.makeQualified(path)
                    + " does not exist");
        }
        if (status.isDirectory()) {
            throw new JobFailedException("table " + table.name() + " (" + table.pathSetting() + "): " + status.getPath()
                    + " is a directory, not a table file");
        }
        Seen last = seen.get(table.name());
        if (last != null && last.length() == status.getLen() && last.modified() == status.getModificationTime()) {
            return last.version();
        }
        byte[] content;
        try (InputStream in = fs.open(path)) {
            content = in.readAllBytes();
        }
        try {
            TableFormat.parse(table, content);
        } catch (TableFormat.BadTableException e) {
            throw new JobFailedException("table " + table.name() + " " + status.getPath() + ", " + e.getMessage());
        }
        TableVersion version = new TableVersion(Crc32c.of(content), content.length);
        if (!checkpoint.exists(version.path(table.name()))) {
            checkpoint.createAtomically(version.path(table.name()), content); // false: another writer was first, same bytes
        }
        seen.put(table.name(), new Seen(status.getLen(), status.getModificationTime(), version));
        return version;
    }
}
