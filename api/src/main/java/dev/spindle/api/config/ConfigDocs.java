package dev.spindle.api.config;

import java.util.List;

/** Renders configuration keys as the Markdown tables of {@code docs/configuration.md}. */
public final class ConfigDocs {
    private ConfigDocs() {}

    /** A section: a heading, a sentence on where the keys apply, and one table row per key. */
    public static String section(String heading, String intro, List<ConfigKey<?>> keys) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(heading).append("\n\n").append(intro).append("\n\n");
        out.append("| key | type | default | valid values | description |\n");
        out.append("|---|---|---|---|---|\n");
        for (ConfigKey<?> key : keys) {
            out.append("| `").append(key.name()).append("` | ").append(key.type())
                    .append(" | `").append(key.defaultText()).append("` | ")
                    .append(key.ruleDescription().isEmpty() ? "any" : key.ruleDescription().replace("must be ", ""))
                    .append(" | ").append(key.doc().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        return out.toString();
    }
}
