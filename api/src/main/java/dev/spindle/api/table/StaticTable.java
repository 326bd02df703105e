package dev.spindle.api.table;

import java.util.regex.Pattern;

/**
 * A table file that a job joins its stream against: a text file on any Hadoop file system (the
 * path is the value of the job setting {@link #pathSetting}), read when a batch is planned. The
 * version a batch uses is pinned with its plan and kept under the checkpoint, so a replay joins
 * against exactly the same content; a changed file is used from the next planned batch on.
 *
 * <p>The format ({@link TableFormat}): UTF-8 lines split on {@code \n}, a final {@code \r} removed,
 * empty lines ignored; the first line is exactly {@link #header}; every other line is
 * {@code <key>,<value>}, split at its first comma, with a non-empty key that appears once.
 *
 * @param name names the table in the checkpoint ({@code tables/<name>/}) and in messages
 * @param pathSetting the {@code spindle.job.*} setting that holds the file's path (required)
 * @param header the exact first line
 */
public record StaticTable(String name, String pathSetting, String header) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public StaticTable {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a table name is lower-case letters, digits and '-', got '" + name + "'");
        }
        if (pathSetting == null || !pathSetting.startsWith("spindle.job.")) {
            throw new IllegalArgumentException("table " + name + ": its path setting must start with spindle.job., got '"
                    + pathSetting + "'");
        }
        if (header == null || header.indexOf(',') <= 0) {
            throw new IllegalArgumentException("table " + name + ": the header is '<key>,<value>', got '" + header + "'");
        }
    }

    /** A key-value table whose file {@code pathSetting} names. */
    public static StaticTable keyValue(String name, String pathSetting, String header) {
        return new StaticTable(name, pathSetting, header);
    }
}
