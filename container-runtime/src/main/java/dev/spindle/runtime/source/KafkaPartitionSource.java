package dev.spindle.runtime.source;

import dev.spindle.api.SourceRecord;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.kafka.KafkaFailures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Kafka topic as a job's input, read with {@code read_committed} isolation. Its Admin and
 * consumers take the job's {@link KafkaClientSettings} (security, config providers).
 */
public final class KafkaPartitionSource implements PartitionSource {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

    private final String bootstrapServers;
    private final String topic;
    private final KafkaClientSettings clientSettings;
    private final Admin admin;

    /** The input {@code topic} of a broker that needs no client settings. */
    public KafkaPartitionSource(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, KafkaClientSettings.NONE);
    }

    public KafkaPartitionSource(String bootstrapServers, String topic, KafkaClientSettings clientSettings) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientSettings = clientSettings;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "spindle-planner");
        this.admin = Admin.create(clientSettings.over(props));
    }

    @Override
    public int partitionCount() throws IOException {
        return describe().partitions().size();
    }

    @Override
    public String topicId() throws IOException {
        return describe().topicId().toString();
    }

    private TopicDescription describe() throws IOException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            throw KafkaFailures.of("cannot describe Kafka topic '" + topic + "' at " + bootstrapServers, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public SortedMap<Integer, Long> earliestOffsets() throws IOException {
        return offsets(OffsetSpec.earliest());
    }

    @Override
    public SortedMap<Integer, Long> endOffsets() throws IOException {
        return offsets(OffsetSpec.latest());
    }

    private SortedMap<Integer, Long> offsets(OffsetSpec spec) throws IOException {
        int partitions = partitionCount();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        try {
            SortedMap<Integer, Long> offsets = new TreeMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
            return offsets;
        } catch (ExecutionException e) {
            throw KafkaFailures.of("cannot list offsets of Kafka topic '" + topic + "'", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public Reader openReader(int partition) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A planned range that Kafka no longer holds must fail loudly, never skip to another offset.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spindle-task-" + topic + "-" + partition);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clientSettings.over(props),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        consumer.assign(List.of(topicPartition));
        return new KafkaReader(consumer, topicPartition);
    }

    @Override
    public void close() {
        admin.close();
    }

    /**
     * Reads one partition for one task. Consecutive batches read adjacent ranges, so the reader
     * keeps its position and the records it fetched past the end of a range, and the next range
     * starts from them without a seek (a seek throws the fetched data away).
     */
    private static final class KafkaReader implements Reader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final TopicPartition partition;
        private final ArrayDeque<ConsumerRecord<byte[], byte[]>> fetchedAhead = new ArrayDeque<>();
        private long nextOffset = -1;
        private long delivered; // the offset after the last record delivered in this read

        KafkaReader(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) {
            this.consumer = consumer;
            this.partition = partition;
        }

        @Override
        public void read(long start, long end, Consumer<SourceRecord> records) throws IOException {
            if (start >= end) {
                return;
            }
            if (start != nextOffset) {
                fetchedAhead.clear();
                consumer.seek(partition, start);
            }
            delivered = start;
            try {
                readFrom(start, end, records);
            } catch (org.apache.kafka.clients.consumer.InvalidOffsetException e) {
                nextOffset = -1;
                fetchedAhead.clear();
                long logStart = consumer.beginningOffsets(List.of(partition)).get(partition);
                if (logStart <= delivered) {
                    throw new IOException("cannot read offset " + delivered + " of " + partition + ": " + e.getMessage(), e);
                }
                throw new OffsetsGoneException(partition.topic(), partition.partition(), delivered, logStart);
            } catch (AuthenticationException | AuthorizationException e) {
                nextOffset = -1;
                fetchedAhead.clear();
                throw KafkaFailures.of("cannot read " + partition, e);
            }
            nextOffset = end;
        }

        private void readFrom(long start, long end, Consumer<SourceRecord> records) throws IOException {
            while (!fetchedAhead.isEmpty() && fetchedAhead.peekFirst().offset() < end) {
                deliver(fetchedAhead.pollFirst(), records);
            }
            if (!fetchedAhead.isEmpty()) {
                return; // the range ends within what was fetched
            }
            long lastProgress = System.nanoTime();
            while (consumer.position(partition) < end) {
                long before = consumer.position(partition);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                    if (record.offset() >= end) {
                        fetchedAhead.addLast(record);
                    } else {
                        deliver(record, records);
                    }
                }
                if (consumer.position(partition) != before) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                    throw new IOException("reading " + partition + " stalled at offset " + before + " of [" + start
                            + ", " + end + ") for " + STALL_LIMIT.toMinutes() + " min");
                }
            }
        }

        private void deliver(ConsumerRecord<byte[], byte[]> record, Consumer<SourceRecord> records) {
            delivered = record.offset() + 1;
            records.accept(new SourceRecord(record.partition(), record.offset(), record.key(), record.value(),
                    record.timestamp()));
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
