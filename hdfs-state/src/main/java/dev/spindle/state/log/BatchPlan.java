package dev.spindle.state.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.CorruptFileException;
import dev.spindle.state.io.Json;

/**
 * {@code offsets/<b>}: the plan of batch {@code b}, written before any task runs, by the leader of
 * {@code epoch}. The plan itself (offset ranges, pinned batch time, watermark, ...) is the
 * engine's JSON object; the store only frames, checksums and orders it.
 */
public record BatchPlan(long batch, long epoch, String planJson) {

    byte[] toJsonBytes() {
        ObjectNode node = Json.object();
        node.put("batch", batch);
        node.put("epoch", epoch);
        node.set("plan", Json.parseText(planJson, "plan of batch " + batch));
        return Json.bytes(node);
    }

    static BatchPlan fromJsonBytes(byte[] body, String file) throws CorruptFileException {
        JsonNode node = Json.parse(body, file);
        return new BatchPlan(Json.requireLong(node, "batch", file), Json.requireLong(node, "epoch", file),
                Json.requireObject(node, "plan", file).toString());
    }
}
