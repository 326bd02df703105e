package dev.spindle.state.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import dev.spindle.state.io.Frame;
import dev.spindle.state.io.Json;
import dev.spindle.state.log.FileRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of one snapshot of a task's RocksDB state as of batch {@code stateBatch}: every
 * file of the RocksDB checkpoint, under its local name, with where it lies in the checkpoint
 * directory and its length and CRC32C. SST files lie in the task's shared {@code sst/} directory
 * (possibly uploaded by an earlier snapshot); CURRENT, MANIFEST-* and OPTIONS-* lie beside the
 * manifest in the snapshot's own directory.
 */
public record SnapshotManifest(String task, long stateBatch, String attempt, long createdAtMillis, List<Entry> files) {
    static final String KIND = "manifest";

    public SnapshotManifest {
        files = List.copyOf(files);
    }

    /** One file of the snapshot: its name in the RocksDB directory and where it lies in the checkpoint. */
    public record Entry(String name, FileRef file) {
        public boolean isSst() {
            return name.endsWith(".sst");
        }
    }

    /** Bytes of all files: what restoring this snapshot downloads into an empty directory. */
    public long totalBytes() {
        return files.stream().mapToLong(entry -> entry.file().length()).sum();
    }

    public byte[] toFileBytes() {
        ObjectNode node = Json.object();
        node.put("task", task);
        node.put("state_batch", stateBatch);
        node.put("attempt", attempt);
        node.put("created_at", createdAtMillis);
        ArrayNode entries = node.putArray("files");
        for (Entry entry : files) {
            ObjectNode file = entry.file().toJson();
            file.put("name", entry.name());
            entries.add(file);
        }
        return Frame.encode(KIND, Json.bytes(node));
    }

    /**
     * Reads and verifies the manifest a commit names.
     *
     * @throws CorruptFileException when it is missing, of another length or checksum, or unreadable
     */
    public static SnapshotManifest read(CheckpointFs fs, FileRef ref) throws IOException {
        byte[] file = fs.readIfExists(ref.path());
        if (file == null) {
            throw new CorruptFileException(ref.path(), "missing");
        }
        if (file.length != ref.length() || Crc32c.of(file) != ref.crc32c()) {
            throw new CorruptFileException(ref.path(), file.length != ref.length()
                    ? "length " + file.length + ", the commit recorded " + ref.length()
                    : "checksum mismatch");
        }
        return parse(file, ref.path());
    }

    /** Parses a manifest file found on storage (its frame verified, but not against any commit). */
    public static SnapshotManifest parse(byte[] file, String path) throws CorruptFileException {
        JsonNode node = Json.parse(Frame.decode(KIND, file, path), path);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : Json.requireArray(node, "files", path)) {
            entries.add(new Entry(Json.requireText(entry, "name", path), FileRef.fromJson(entry, path)));
        }
        return new SnapshotManifest(Json.requireText(node, "task", path), Json.requireLong(node, "state_batch", path),
                Json.requireText(node, "attempt", path), Json.requireLong(node, "created_at", path), entries);
    }
}
