package dev.spindle.state.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Crc32c;
import dev.spindle.state.io.Json;

/**
 * One output file of a committed batch: where the attempt staged it (relative to the checkpoint
 * directory), the final name publishing gives it (a full URI), and its length and CRC32C.
 */
public record OutputFile(String staged, String finalPath, long length, long crc32c) {

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("staged", staged);
        node.put("final", finalPath);
        node.put("length", length);
        node.put("crc32c", Crc32c.hex(crc32c));
        return node;
    }

    public static OutputFile fromJson(JsonNode node, String file) throws CorruptFileException {
        try {
            return new OutputFile(Json.requireText(node, "staged", file), Json.requireText(node, "final", file),
                    Json.requireLong(node, "length", file), Crc32c.parseHex(Json.requireText(node, "crc32c", file)));
        } catch (NumberFormatException e) {
            throw new CorruptFileException(file, "bad crc32c: " + e.getMessage());
        }
    }
}
