package com.example.pagecounts;

import dev.spindle.api.ParseResult;
import dev.spindle.api.Parser;
import dev.spindle.api.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code "url"} and {@code "ts"} from a click's JSON line; anything else is malformed, with a
 * reason code that names what is missing. Deterministic, as a replay needs.
 */
final class PageViewParser implements Parser<PageView> {
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TS = Pattern.compile("\"ts\"\\s*:\\s*(\\d{1,19})\\b");

    @Override
    public ParseResult<PageView> parse(SourceRecord record) {
        String line = new String(record.value(), StandardCharsets.UTF_8);
        Matcher url = URL.matcher(line);
        if (!url.find()) {
            return ParseResult.malformed("no_url");
        }
        Matcher ts = TS.matcher(line);
        if (!ts.find()) {
            return ParseResult.malformed("no_ts");
        }
        try {
            return ParseResult.ok(new PageView(url.group(1), Long.parseLong(ts.group(1))));
        } catch (NumberFormatException e) {
            return ParseResult.malformed("bad_ts");
        }
    }
}
