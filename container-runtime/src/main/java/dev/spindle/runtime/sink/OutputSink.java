package dev.spindle.runtime.sink;

import dev.spindle.api.job.StreamJob;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.log.BatchCommit;
import java.io.IOException;
import java.util.function.Function;

/**
 * Where the committed output of a run goes: files under an output directory ({@link FileSink}) or
 * Kafka topics ({@link KafkaSink}). {@link #publish} is called by the driver for each committed
 * batch, in order, and again for the newest commit after a crash: it must be idempotent, and must
 * check each staged file against what the commit recorded for it. Then {@link #close}, once.
 */
public interface OutputSink extends AutoCloseable {
    /**
     * Moves the output {@code commit} names to its final place, skipping what an earlier,
     * interrupted publish of the same commit already did.
     *
     * @return how many staged files the batch had
     * @throws IOException naming the file or task when it cannot, or when the commit's output is
     *     not this sink's (the output changed between runs of a checkpoint)
     */
    int publish(BatchCommit commit) throws IOException;

    /** Kafka transactions this sink committed (0 for files). */
    default long transactionsCommitted() {
        return 0;
    }

    /**
     * Transactions a replayed publish found committed already (by a publish a crash interrupted
     * after the commit) and skipped instead of writing twice (0 for files).
     */
    default long transactionsFoundCommitted() {
        return 0;
    }

    @Override
    default void close() {}

    /**
     * The sink of a run writing to {@code output}: Kafka for {@code kafka:TOPIC}, files otherwise.
     *
     * @param hadoopConf the run's configuration: a Kafka output's clients take its
     *     {@link KafkaClientSettings}
     * @param inputBootstrapServers the input's brokers: a Kafka output's when
     *     {@link SinkOptions#BOOTSTRAP_SERVERS} is not set
     * @param checkpointId the run's checkpoint (the job id in its metadata), named in Kafka confirmations
     * @throws JobFailedException when a Kafka output's topics are missing or the
     *     broker refuses its transaction timeout
     */
    static OutputSink forRun(OutputLocation output, Checkpoint checkpoint, Function<String, String> conf,
            org.apache.hadoop.conf.Configuration hadoopConf, String inputBootstrapServers, String inputTopic,
            StreamJob job, String checkpointId) throws IOException {
        if (!output.isKafka()) {
            return new FileSink(checkpoint, hadoopConf);
        }
        return KafkaSink.forOutput(output, checkpoint, conf, KafkaClientSettings.from(hadoopConf),
                inputBootstrapServers, inputTopic, job.name(), checkpointId);
    }
}
