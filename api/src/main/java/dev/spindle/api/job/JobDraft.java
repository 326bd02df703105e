package dev.spindle.api.job;

import dev.spindle.api.Aggregate;
import dev.spindle.api.Parser;
import dev.spindle.api.window.RowFormatter;
import dev.spindle.api.window.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The parts of a job collected while the typed stages are chained; untyped on purpose. */
final class JobDraft {
    final String name;
    final String topic;
    final Parser<?> parser;
    final List<StreamJob.Step> steps = new ArrayList<>();
    final List<StreamJob.Step> acceptedSteps = new ArrayList<>();
    ToLongFunction<Object> eventTime;
    long watermarkDelayMillis;
    Function<Object, String> dedupKey;
    long dedupTtlMillis;
    Function<Object, String> key;
    StreamJob.Shuffle shuffle;
    Windows windows;
    Aggregate<Object, Object, Object> aggregate;
    StreamJob.Process process;

    JobDraft(String name, String topic, Parser<?> parser) {
        this.name = name;
        this.topic = topic;
        this.parser = parser;
    }

    /** Refuses a setting of the time stage once steps follow it: they run after it. */
    void checkNoAcceptedSteps(String what) {
        if (!acceptedSteps.isEmpty()) {
            throw new IllegalStateException("job " + name + ": " + what + " comes before map, filter and flatMap "
                    + "after withEventTime (they run on the values it accepts)");
        }
    }

    StreamJob build(RowFormatter<Object> formatter) {
        return new StreamJob(name, topic, parser, steps, acceptedSteps, eventTime, watermarkDelayMillis, dedupKey, dedupTtlMillis,
                key, shuffle, windows, aggregate, formatter, process);
    }
}
