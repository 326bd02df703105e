package dev.spindle.api.table;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads a {@link StaticTable}'s file by its rules; a file that breaks one is refused with the line and the rule. */
public final class TableFormat {
    private TableFormat() {}

    /** A file that breaks a rule: the message names the line (1-based) and the rule. */
    public static final class BadTableException extends Exception {
        public BadTableException(String message) {
            super(message);
        }
    }

    /**
     * The table's rows, key to value.
     *
     * @throws BadTableException "line N: rule" (the caller adds the file)
     */
    public static Map<String, String> parse(StaticTable table, byte[] content) throws BadTableException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Map<String, String> rows = new HashMap<>();
        boolean headerSeen = false;
        int number = 0;
        for (int start = 0; start <= content.length; ) {
            int end = start;
            while (end < content.length && content[end] != '\n') { // 0x0A is never inside a UTF-8 character
                end++;
            }
            number++;
            int length = end - start;
            if (length > 0 && content[end - 1] == '\r') {
                length--;
            }
            String line;
            try {
                line = utf8.decode(ByteBuffer.wrap(content, start, length)).toString();
            } catch (CharacterCodingException e) {
                throw new BadTableException("line " + number + ": not UTF-8 (the file must be UTF-8 text)");
            }
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(table.header())) {
                    throw new BadTableException("line " + number + ": the first line must be exactly '"
                            + table.header() + "'");
                }
                headerSeen = true;
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new BadTableException("line " + number + ": no comma (every line after the header is "
                        + "<key>,<value>)");
            }
            if (comma == 0) {
                throw new BadTableException("line " + number + ": the key before the first comma is empty");
            }
            String key = line.substring(0, comma);
            if (rows.putIfAbsent(key, line.substring(comma + 1)) != null) {
                throw new BadTableException("line " + number + ": the key '" + key + "' appears twice (keys are unique)");
            }
        }
        if (!headerSeen) {
            throw new BadTableException("line 1: no header (the first line must be exactly '" + table.header() + "')");
        }
        return rows;
    }
}
