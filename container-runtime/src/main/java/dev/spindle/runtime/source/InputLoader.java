package dev.spindle.runtime.source;

import dev.spindle.api.job.JobFactory;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.kafka.KafkaFailures;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads a file into a topic, one record per line, in file order, with an idempotent producer;
 * every line is acknowledged by the broker, or the load fails naming the first line that was not.
 * Lines are split on {@code \n} only (a {@code \r} stays in the record); the empty piece after a
 * final {@code \n} is not a record. A line the job keys ({@link JobFactory#inputKey}) goes to the
 * default partitioner's partition for its key; every other line goes, without key, to partition
 * {@code lineIndex mod partitions} (0-based).
 */
public final class InputLoader {
    private InputLoader() {}

    /** Loads {@code file} into {@code topic} of a broker that needs no client settings. */
    public static long load(Path file, JobFactory job, String bootstrapServers, String topic, int partitions)
            throws IOException {
        return load(file, job, bootstrapServers, KafkaClientSettings.NONE, topic, partitions);
    }

    /**
     * Sends every line and waits until the broker has acknowledged each one.
     *
     * @param clientSettings the job's Kafka client settings, for the producer
     * @return the number of records loaded
     * @throws IOException naming the first line that was not loaded and why (for example a line
     *     over the producer's {@code max.request.size}); lines after it are not sent
     */
    public static long load(Path file, JobFactory job, String bootstrapServers, KafkaClientSettings clientSettings,
            String topic, int partitions) throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        FirstFailure failure = new FirstFailure();
        long index = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientSettings.over(props),
                        new ByteArraySerializer(), new ByteArraySerializer());
                InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            LineReader lines = new LineReader(in);
            byte[] line;
            while (failure.line < 0 && (line = lines.next()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("loading " + file + " was interrupted at line " + (index + 1));
                }
                byte[] key = job.inputKey(line);
                ProducerRecord<byte[], byte[]> record = key != null
                        ? new ProducerRecord<>(topic, key, line)
                        : new ProducerRecord<>(topic, (int) (index % partitions), null, line);
                long lineNumber = index + 1;
                try {
                    producer.send(record, (metadata, error) -> failure.record(lineNumber, error));
                } catch (KafkaException e) {
                    failure.record(lineNumber, e);
                }
                index++;
            }
            producer.flush(); // every send's callback has run when flush returns
        }
        if (failure.line >= 0) {
            if (KafkaFailures.isRefusal(failure.error)) {
                throw KafkaFailures.of("cannot load " + file + " into '" + topic + "' at " + bootstrapServers,
                        failure.error);
            }
            throw new IOException("line " + failure.line + " of " + file + " was not loaded into '" + topic + "': "
                    + failure.error.getMessage() + "; nothing was processed");
        }
        return index;
    }

    /** The first line the producer could not send, if any: callbacks run on the producer's I/O thread. */
    private static final class FirstFailure {
        private volatile long line = -1;
        private Exception error;

        synchronized void record(long lineNumber, Exception e) {
            if (e != null && (line < 0 || lineNumber < line)) {
                error = e;
                line = lineNumber;
            }
        }
    }

    /** Splits a stream on {@code \n} bytes only. */
    static final class LineReader {
        private final InputStream in;
        private boolean ended;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its {@code \n}, or null at the end (an empty last piece is no line). */
        byte[] next() throws IOException {
            if (ended) {
                return null;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    return line.toByteArray();
                }
                line.write(b);
            }
            ended = true;
            return line.size() == 0 ? null : line.toByteArray();
        }
    }
}
