package dev.spindle.api.job;

import dev.spindle.api.Aggregate;
import dev.spindle.api.Parser;
import dev.spindle.api.process.KeyedProcessFunction;
import dev.spindle.api.process.StateSpec;
import dev.spindle.api.window.RowFormatter;
import dev.spindle.api.table.StaticTable;
import dev.spindle.api.window.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A streaming job: read a Kafka topic, parse each record (malformed ones go to the dead-letter
 * output), filter and map, assign event time with a watermark, drop duplicates, key, window,
 * aggregate, and write one line per (window, key) once its window closes. Built with
 * {@link #named(String)}; run by the engine, in local mode or on YARN.
 *
 * <p>A job has one or two stages. Stage 0 reads the input: one task per input partition, which
 * parses, filters, maps, joins, assigns event time and drops duplicates, so {@code dropDuplicates}
 * must use a key that the producer partitioned by (Kafka's default partitioner keeps a key in one
 * partition). {@code keyBy} shuffles: the windows run in stage 1, whose tasks each get all values of
 * their keys; {@code keyByPartitionKey} keeps them in stage 0.
 */
public final class StreamJob {
    private final String name;
    private final String topic;
    private final Parser<?> parser;
    private final List<Step> steps;
    private final List<Step> acceptedSteps;
    private final ToLongFunction<Object> eventTime;
    private final long watermarkDelayMillis;
    private final Function<Object, String> dedupKey;
    private final long dedupTtlMillis;
    private final Function<Object, String> key;
    private final Shuffle shuffle;
    private final Windows windows;
    private final Aggregate<Object, Object, Object> aggregate;
    private final RowFormatter<Object> formatter;
    private final Process process;

    /** A filter, map, flat-map or table-join step, in order. */
    public sealed interface Step {
        record Filter(java.util.function.Predicate<Object> predicate) implements Step {}

        record Map(Function<Object, Object> function) implements Step {}

        /** Zero or more values for each value, in the iterable's order. */
        record FlatMap(Function<Object, Iterable<?>> function) implements Step {}

        /** Looks a value's key up in a static table; the joiner gets the table's value, or null when absent. */
        record Join(StaticTable table, Function<Object, String> key, BiFunction<Object, String, Object> joiner)
                implements Step {}
    }

    StreamJob(String name, String topic, Parser<?> parser, List<Step> steps, List<Step> acceptedSteps,
            ToLongFunction<Object> eventTime,
            long watermarkDelayMillis, Function<Object, String> dedupKey, long dedupTtlMillis,
            Function<Object, String> key, Shuffle shuffle, Windows windows, Aggregate<Object, Object, Object> aggregate,
            RowFormatter<Object> formatter, Process process) {
        this.name = name;
        this.topic = topic;
        this.parser = parser;
        this.steps = List.copyOf(steps);
        this.acceptedSteps = List.copyOf(acceptedSteps);
        this.eventTime = eventTime;
        this.watermarkDelayMillis = watermarkDelayMillis;
        this.dedupKey = dedupKey;
        this.dedupTtlMillis = dedupTtlMillis;
        this.key = key;
        this.shuffle = shuffle;
        this.windows = windows;
        this.aggregate = aggregate;
        this.formatter = formatter;
        this.process = process;
    }

    /**
     * A shuffle before the windows: the codec of its values, and the task count after it (0: the
     * setting {@value #SHUFFLE_PARTITIONS_SETTING}, whose default is the input's partition count).
     */
    public record Shuffle(dev.spindle.api.Codec<Object> codec, int partitions) {}

    /**
     * A keyed process function instead of windows: the function, the state it declares (in
     * order: a state's index is part of its storage key), and how its rows become lines.
     */
    public record Process(KeyedProcessFunction<Object, Object> function, List<StateSpec> states,
            Function<Object, String> lines) {
        public Process {
            states = List.copyOf(states);
        }
    }

    /** The job setting that sets the task count after a {@code keyBy} shuffle. */
    public static final String SHUFFLE_PARTITIONS_SETTING = "spindle.job.shuffle-partitions";

    /** Starts describing a job; the name identifies it in checkpoints, ZooKeeper and transactional ids. */
    public static SourceStage named(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("job name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        return new SourceStage(name);
    }

    public String name() {
        return name;
    }

    /** The default input topic; a run may name another. */
    public String topic() {
        return topic;
    }

    public Parser<?> parser() {
        return parser;
    }

    /** The steps before event time is assigned. */
    public List<Step> steps() {
        return steps;
    }

    /** The steps after the late check and deduplication, before the values are keyed: filter, map, flat-map. */
    public List<Step> acceptedSteps() {
        return acceptedSteps;
    }

    /**
     * The job's own settings ({@code spindle.job.*}): the path setting of each table it joins, and
     * the shuffle's partition count when it shuffles with {@code keyBy}.
     */
    public List<String> settings() {
        List<String> settings = new ArrayList<>();
        tables().forEach(table -> settings.add(table.pathSetting()));
        if (shuffle != null && shuffle.partitions() == 0) {
            settings.add(SHUFFLE_PARTITIONS_SETTING);
        }
        return settings;
    }

    /** The static tables the job joins against, in step order. */
    public List<StaticTable> tables() {
        List<StaticTable> tables = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof Step.Join join) {
                tables.add(join.table());
            }
        }
        return tables;
    }

    public ToLongFunction<Object> eventTime() {
        return eventTime;
    }

    public long watermarkDelayMillis() {
        return watermarkDelayMillis;
    }

    /** The deduplication key, or null when the job keeps duplicates. */
    public Function<Object, String> dedupKey() {
        return dedupKey;
    }

    public long dedupTtlMillis() {
        return dedupTtlMillis;
    }

    public Function<Object, String> key() {
        return key;
    }

    /** The shuffle before the windows, or null when they run in the input's tasks. */
    public Shuffle shuffle() {
        return shuffle;
    }

    /** The keyed process function of the job, or null when it windows. */
    public Process process() {
        return process;
    }

    /** The windows, or null when the job runs a keyed process function. */
    public Windows windows() {
        return windows;
    }

    public Aggregate<Object, Object, Object> aggregate() {
        return aggregate;
    }

    public RowFormatter<Object> formatter() {
        return formatter;
    }

    private static void appendSteps(StringBuilder topology, List<Step> steps) {
        for (Step step : steps) {
            if (step instanceof Step.Join join) {
                topology.append("|join(").append(join.table().name()).append(')');
            } else if (step instanceof Step.FlatMap) {
                topology.append("|flatMap");
            } else {
                topology.append(step instanceof Step.Filter ? "|filter" : "|map");
            }
        }
    }

    /**
     * What makes two versions of the job's checkpoint compatible: its stages and their parameters.
     * A checkpoint written by a job with another topology is refused.
     */
    public String topology() {
        StringBuilder topology = new StringBuilder("job=" + name + "|parse");
        appendSteps(topology, steps);
        topology.append("|eventTime|watermark=").append(watermarkDelayMillis);
        if (dedupKey != null) {
            topology.append("|dropDuplicates(ttl=").append(dedupTtlMillis).append(')');
        }
        appendSteps(topology, acceptedSteps);
        topology.append(shuffle == null ? "" : "|shuffle").append("|keyBy|");
        if (process != null) {
            topology.append("process(");
            for (int i = 0; i < process.states().size(); i++) {
                StateSpec state = process.states().get(i);
                topology.append(i == 0 ? "" : ",").append(state.getClass().getSimpleName().toLowerCase())
                        .append(':').append(state.name());
            }
            topology.append(')');
        } else {
            topology.append(windows.topology()).append("|aggregate");
        }
        topology.append("|fileSink");
        return topology.toString();
    }
}
