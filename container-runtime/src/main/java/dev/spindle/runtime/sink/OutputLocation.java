package dev.spindle.runtime.sink;

import java.net.URI;
import java.util.List;

/**
 * Where a run's output goes: rows to {@code rows}, dead letters to {@code deadLetters}. For files
 * (any Hadoop file system) dead letters go to {@code <rows>/_dlq}, which readers of the rows skip:
 * names starting with {@code _} or {@code .} are not output. For Kafka ({@code kafka:TOPIC}) rows
 * go to {@code TOPIC} and dead letters to {@code TOPIC-dlq}, written exactly once by
 * {@link KafkaSink}.
 */
public record OutputLocation(URI rows, URI deadLetters) {
    public static final String KAFKA_SCHEME = "kafka";

    public static OutputLocation under(URI rows) {
        if (KAFKA_SCHEME.equals(rows.getScheme())) {
            String topic = rows.getSchemeSpecificPart();
            if (topic == null || topic.isBlank() || topic.contains("/")) {
                throw new IllegalArgumentException("a Kafka output is written kafka:TOPIC, not " + rows);
            }
            return new OutputLocation(rows, URI.create(KAFKA_SCHEME + ":" + topic + "-dlq"));
        }
        String base = rows.toString().endsWith("/") ? rows.toString() : rows + "/";
        return new OutputLocation(URI.create(base), URI.create(base + "_dlq/"));
    }

    public boolean isKafka() {
        return isKafka(rows.toString());
    }

    /** Whether a commit's output target is a Kafka topic rather than a file. */
    public static boolean isKafka(String target) {
        return target.startsWith(KAFKA_SCHEME + ":");
    }

    /** The Kafka topics of a Kafka output: rows, then dead letters. */
    public List<String> kafkaTopics() {
        return List.of(rows.getSchemeSpecificPart(), deadLetters.getSchemeSpecificPart());
    }

    /**
     * Where a task's rows of one batch go: a file with a deterministic name, so a replay publishes
     * the same file; or the Kafka topic.
     */
    public String rowsFile(long batch, String task) {
        return isKafka() ? rows.toString() : join(rows, String.format("part-%08d-%s.jsonl", batch, task));
    }

    public String deadLettersFile(long batch, String task) {
        return isKafka() ? deadLetters.toString() : join(deadLetters, String.format("part-%08d-%s.jsonl", batch, task));
    }

    private static String join(URI dir, String name) {
        String base = dir.toString();
        return (base.endsWith("/") ? base : base + "/") + name;
    }
}
