package dev.spindle.runtime.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.api.SourceRecord;
import dev.spindle.state.io.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The dead-letter line of a malformed record:
 * {@code {"partition":P,"offset":O,"reason":"...","value":"...","value_b64":"..."}} — {@code value}
 * is the bytes decoded as UTF-8 with U+FFFD replacements (for reading), {@code value_b64} the
 * exact bytes; both are JSON null for a null record.
 */
final class DeadLetter {
    private DeadLetter() {}

    static String line(SourceRecord record, String reason) {
        ObjectNode node = Json.object();
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("reason", reason);
        if (record.value() == null) {
            node.putNull("value");
            node.putNull("value_b64");
        } else {
            node.put("value", decodeWithReplacement(record.value()));
            node.put("value_b64", Base64.getEncoder().encodeToString(record.value()));
        }
        return node.toString();
    }

    private static String decodeWithReplacement(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
