package dev.spindle.runtime.table;

import dev.spindle.api.table.StaticTable;
import dev.spindle.api.table.TableFormat;
import dev.spindle.runtime.plan.TableVersion;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks' side of stream-static joins: the rows of a pinned table version, read from the
 * checkpoint's copy (its length and CRC32C checked) and kept in memory for the executor's tasks,
 * the {@value #VERSIONS} most recently used versions.
 */
public final class TableCache {
    static final int VERSIONS = 4;

    private final Map<String, Map<String, String>> rows = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > VERSIONS;
        }
    };

    /** The rows of every table a plan pins, by table name. */
    public Map<String, Map<String, String>> rows(List<StaticTable> tables, Map<String, TableVersion> pinned,
            CheckpointFs checkpoint) throws IOException {
        Map<String, Map<String, String>> byName = new HashMap<>();
        for (StaticTable table : tables) {
            TableVersion version = pinned.get(table.name());
            if (version == null) {
                throw new IOException("the plan pins no version of table " + table.name());
            }
            byName.put(table.name(), rows(table, version, checkpoint));
        }
        return byName;
    }

    private synchronized Map<String, String> rows(StaticTable table, TableVersion version, CheckpointFs checkpoint)
            throws IOException {
        String path = version.path(table.name());
        Map<String, String> cached = rows.get(path);
        if (cached != null) {
            return cached;
        }
        byte[] content = checkpoint.readIfExists(path);
        if (content == null) {
            throw new CorruptFileException(path, "missing (a batch's plan pins this table version)");
        }
        if (content.length != version.length() || Crc32c.of(content) != version.crc()) {
            throw new CorruptFileException(path, content.length + " bytes with CRC32C " + Crc32c.hex(Crc32c.of(content))
                    + ", not the pinned " + version.length() + " bytes with " + Crc32c.hex(version.crc()));
        }
        try {
            Map<String, String> parsed = Map.copyOf(TableFormat.parse(table, content));
            rows.put(path, parsed);
            return parsed;
        } catch (TableFormat.BadTableException e) {
            throw new CorruptFileException(path, e.getMessage());
        }
    }
}
