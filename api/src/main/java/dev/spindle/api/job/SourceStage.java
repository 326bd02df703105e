package dev.spindle.api.job;

import dev.spindle.api.Parser;

/** The start of a job description: where it reads and how it parses. */
public final class SourceStage {
    private final String name;
    private String topic;

    SourceStage(String name) {
        this.name = name;
    }

    /** Reads the Kafka topic {@code topic} (a run may name another), from the earliest offsets. */
    public SourceStage readKafka(String topic) {
        this.topic = topic;
        return this;
    }

    /** Parses every record; malformed ones go to the dead-letter output with the parser's reason. */
    public <T> Stream<T> parse(Parser<T> parser) {
        if (topic == null) {
            throw new IllegalStateException("job " + name + ": readKafka(topic) comes before parse");
        }
        return new Stream<>(new JobDraft(name, topic, parser));
    }
}
