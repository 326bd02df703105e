package dev.spindle.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), for tests that check
 * what a {@code /metrics} endpoint serves: every line must be a comment, a {@code # HELP} or
 * {@code # TYPE} line, or a sample {@code name{label="value",...} number [timestamp]} of a family
 * whose {@code # TYPE} came before it; anything else fails with the line number.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME.pattern() + ")(\\{(.*)\\})?\\s+(\\S+)(\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped)");
    private static final String[] SUFFIXES = {"_total", "_created", "_bucket", "_count", "_sum", "_max", ""};

    private PrometheusText() {}

    /**
     * The samples of {@code text}, by series ({@code name} or {@code name{a="v",b="w"}}, labels
     * sorted by name whatever order the text gives them in), each with its value.
     *
     * @throws IllegalArgumentException naming the line that is not valid exposition format
     */
    public static Map<String, Double> parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    types.put(type.group(1), type.group(2));
                } else if (line.startsWith("# TYPE")) {
                    throw invalid(i, line, "a TYPE line names a metric and one of counter, gauge, histogram, summary, untyped");
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw invalid(i, line, "not a sample");
            }
            String name = sample.group(1);
            if (family(name, types) == null) {
                throw invalid(i, line, "no # TYPE line for its family came before it");
            }
            StringBuilder series = new StringBuilder(name);
            if (sample.group(3) != null && !sample.group(3).isEmpty()) {
                Matcher label = LABEL.matcher(sample.group(3));
                Map<String, String> labels = new TreeMap<>();
                int end = 0;
                while (end < sample.group(3).length() && label.find(end) && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != sample.group(3).length()) {
                    throw invalid(i, line, "labels are not name=\"value\" pairs separated by commas");
                }
                StringBuilder written = new StringBuilder();
                labels.forEach((key, value) -> written.append(written.length() == 0 ? "" : ",")
                        .append(key).append("=\"").append(value).append('"'));
                series.append('{').append(written).append('}');
            }
            samples.put(series.toString(), number(sample.group(4), i, line));
        }
        return samples;
    }

    private static String family(String name, Map<String, String> types) {
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private static double number(String text, int line, String content) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw invalid(line, content, "'" + text + "' is not a number");
                }
        }
    }

    private static IllegalArgumentException invalid(int line, String content, String why) {
        return new IllegalArgumentException("line " + (line + 1) + " is not Prometheus text format (" + why + "): " + content);
    }
}
