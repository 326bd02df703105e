package dev.spindle.state.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** JSON bodies of checkpoint files, read strictly: a missing or mistyped field is a corrupt file. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static JsonNode parse(byte[] body, String path) throws CorruptFileException {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new CorruptFileException(path, "body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new CorruptFileException(path, "body is not valid JSON");
        }
    }

    public static JsonNode parseText(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON", e);
        }
    }

    public static long requireLong(JsonNode node, String field, String path) throws CorruptFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new CorruptFileException(path, "field '" + field + "' is missing or not a whole number");
        }
        return value.asLong();
    }

    public static String requireText(JsonNode node, String field, String path) throws CorruptFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new CorruptFileException(path, "field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    public static JsonNode requireObject(JsonNode node, String field, String path) throws CorruptFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new CorruptFileException(path, "field '" + field + "' is missing or not an object");
        }
        return value;
    }

    public static JsonNode requireArray(JsonNode node, String field, String path) throws CorruptFileException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new CorruptFileException(path, "field '" + field + "' is missing or not an array");
        }
        return value;
    }

    /** An optional object field: null when absent or JSON null. */
    public static JsonNode optionalObject(JsonNode node, String field, String path) throws CorruptFileException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new CorruptFileException(path, "field '" + field + "' is not an object");
        }
        return value;
    }

    public static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = object();
        new TreeMap<>(map).forEach(node::put);
        return node;
    }

    public static Map<String, String> readStringMap(JsonNode node, String field, String path) throws CorruptFileException {
        JsonNode value = node.get(field);
        Map<String, String> map = new TreeMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw new CorruptFileException(path, "field '" + field + "' is not an object");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new CorruptFileException(path, "field '" + field + "." + entry.getKey() + "' is not a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }
}
