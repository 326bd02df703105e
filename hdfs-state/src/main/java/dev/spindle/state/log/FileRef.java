package dev.spindle.state.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import dev.spindle.state.io.Json;

/**
 * A file a commit or manifest depends on: its path relative to the checkpoint directory, and
 * the length and CRC32C it must have. Anything else found at that path is damage.
 */
public record FileRef(String path, long length, long crc32c) {

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("path", path);
        node.put("length", length);
        node.put("crc32c", Crc32c.hex(crc32c));
        return node;
    }

    public static FileRef fromJson(JsonNode node, String file) throws CorruptFileException {
        try {
            return new FileRef(Json.requireText(node, "path", file), Json.requireLong(node, "length", file),
                    Crc32c.parseHex(Json.requireText(node, "crc32c", file)));
        } catch (NumberFormatException e) {
            throw new CorruptFileException(file, "bad crc32c: " + e.getMessage());
        }
    }
}
