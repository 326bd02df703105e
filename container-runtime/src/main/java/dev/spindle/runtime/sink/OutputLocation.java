package dev.spindle.runtime.sink;

import java.net.URI;

/**
 * Where a run's output goes: rows to {@code rows}, dead letters to {@code deadLetters} (by default
 * {@code <rows>/_dlq}, which readers of the rows skip: names starting with {@code _} or {@code .} are
 * not output). Both may be on any Hadoop file system.
 */
public record OutputLocation(URI rows, URI deadLetters) {
    public static OutputLocation under(URI rows) {
        String base = rows.toString().endsWith("/") ? rows.toString() : rows + "/";
        return new OutputLocation(URI.create(base), URI.create(base + "_dlq/"));
    }

    /** The final name of a task's rows of one batch: deterministic, so a replay publishes the same file. */
    public String rowsFile(long batch, String task) {
        return join(rows, String.format("part-%08d-%s.jsonl", batch, task));
    }

    public String deadLettersFile(long batch, String task) {
        return join(deadLetters, String.format("part-%08d-%s.jsonl", batch, task));
    }

    private static String join(URI dir, String name) {
        String base = dir.toString();
        return (base.endsWith("/") ? base : base + "/") + name;
    }
}
