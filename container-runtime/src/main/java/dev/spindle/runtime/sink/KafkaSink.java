package dev.spindle.runtime.sink;

import dev.spindle.runtime.CrashPoints;
import dev.spindle.runtime.JobFailedException;
import dev.spindle.runtime.kafka.KafkaClientSettings;
import dev.spindle.runtime.kafka.KafkaFailures;
import dev.spindle.runtime.plan.PlannedBatch;
import dev.spindle.runtime.plan.TaskNames;
import dev.spindle.state.Checkpoint;
import dev.spindle.state.io.CheckpointFs;
import dev.spindle.state.log.BatchCommit;
import dev.spindle.state.log.TaskCommit;
import dev.spindle.state.log.OutputFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.function.Function;
import java.util.zip.CheckedInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once output into Kafka. A committed batch's rows and dead letters (staged in the
 * checkpoint like the file sink's, named by {@code commits/<b>}) are sent per task in one Kafka
 * transaction of the task's stable {@code transactional.id} ({@code <prefix>-<task>}), together
 * with {@code sendOffsetsToTransaction} of the task's input end offset to the group
 * {@code <prefix>-sink}, whose metadata names the checkpoint and the batch. That committed
 * metadata, read with {@code requireStable}, is the confirmation: a task's batch is in Kafka
 * exactly when its metadata names that batch or a later one. A task after a shuffle reads no input
 * partition: its confirmation is in a group of its own ({@code <prefix>-sink-<task>}), on input
 * partition 0. Publishing again after any crash first fences and aborts older producers of the id
 * ({@code initTransactions}), reads the confirmations, and sends only what is not confirmed — so
 * every row lands once. Its Admin and producers take the job's {@link KafkaClientSettings}.
 */
public final class KafkaSink implements OutputSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
    private static final String METADATA_PREFIX = "spindle:";

    private final Checkpoint checkpoint;
    private final String bootstrapServers;
    private final KafkaClientSettings clientSettings;
    private final String prefix;
    private final String inputTopic;
    private final String checkpointId;
    private final Duration transactionTimeout;
    private final Admin admin;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong foundCommitted = new AtomicLong();

    /**
     * @param prefix the transactional ids' prefix; the confirmation group is {@code <prefix>-sink}
     * @param checkpointId names the checkpoint in the confirmations, so two jobs that share a prefix
     *     by mistake fail loudly instead of taking each other's confirmations
     */
    public KafkaSink(Checkpoint checkpoint, String bootstrapServers, KafkaClientSettings clientSettings, String prefix,
            String inputTopic, String checkpointId, Duration transactionTimeout) {
        this.checkpoint = checkpoint;
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = clientSettings;
        this.prefix = prefix;
        this.inputTopic = inputTopic;
        this.checkpointId = checkpointId;
        this.transactionTimeout = transactionTimeout;
        this.admin = admin(bootstrapServers, clientSettings);
    }

    /**
     * The sink of a run writing to the Kafka {@code output}.
     *
     * @param inputBootstrapServers used when {@link SinkOptions#BOOTSTRAP_SERVERS} is not set
     * @param checkpointId the run's checkpoint (the job id in its metadata), named in every confirmation
     * @throws JobFailedException when an output topic is missing or the broker refuses the
     *     transaction timeout
     */
    static KafkaSink forOutput(OutputLocation output, Checkpoint checkpoint, Function<String, String> conf,
            KafkaClientSettings clientSettings, String inputBootstrapServers, String inputTopic, String job,
            String checkpointId) throws IOException {
        String servers = SinkOptions.BOOTSTRAP_SERVERS.read(conf);
        servers = servers.isEmpty() ? inputBootstrapServers : servers;
        if (servers == null || servers.isEmpty()) {
            throw new JobFailedException("a Kafka output needs " + SinkOptions.BOOTSTRAP_SERVERS.name());
        }
        Duration timeout = SinkOptions.TRANSACTION_TIMEOUT.read(conf);
        validate(servers, clientSettings, output.kafkaTopics(), timeout);
        return new KafkaSink(checkpoint, servers, clientSettings,
                SinkOptions.transactionalIdPrefix(SinkOptions.TRANSACTIONAL_ID_PREFIX.read(conf), job), inputTopic,
                checkpointId, timeout);
    }

    /** The group whose committed offsets confirm published batches of the tasks that read the input. */
    public String confirmationGroup() {
        return prefix + "-sink";
    }

    /**
     * Where a task's published batches are confirmed: for a task of stage 0, its input partition
     * in {@link #confirmationGroup()}; for a task after a shuffle, input partition 0 in a group of
     * its own.
     */
    private record Confirmation(String group, int partition) {}

    private Confirmation confirmationOf(String task) {
        return TaskNames.stageOf(task) == 0 ? new Confirmation(confirmationGroup(), TaskNames.partitionOf(task))
                : new Confirmation(confirmationGroup() + "-" + task, 0);
    }

    /**
     * Checks, before anything runs, that the output topics exist and that the broker accepts the
     * transaction timeout.
     *
     * @throws JobFailedException with one line naming the problem
     */
    public static void validate(String bootstrapServers, KafkaClientSettings clientSettings, Collection<String> topics,
            Duration transactionTimeout) throws IOException {
        try (Admin admin = admin(bootstrapServers, clientSettings)) {
            try {
                admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new JobFailedException("output topic " + topics + " does not exist at "
                            + bootstrapServers + ": create it first (rows and dead letters each need a topic)");
                }
                throw KafkaFailures.of("cannot describe output topics " + topics, e.getCause());
            }
            String broker = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            var entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("transaction.max.timeout.ms");
            long maximum = entry == null ? Long.MAX_VALUE : Long.parseLong(entry.value());
            if (transactionTimeout.toMillis() > maximum) {
                throw new JobFailedException(SinkOptions.TRANSACTION_TIMEOUT.name() + " is "
                        + transactionTimeout.toMillis() + " ms, above the broker's transaction.max.timeout.ms of "
                        + maximum + " ms");
            }
        } catch (ExecutionException e) {
            throw KafkaFailures.of("cannot reach Kafka at " + bootstrapServers, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the Kafka sink", e);
        }
    }

    /**
     * One task's Kafka output of a committed batch: the partition of the stage it writes to
     * ({@code partition mod <output partitions>}), the offset its confirmation commits (the end of
     * its input range; for a task after a shuffle, the batch number) and its files.
     */
    record TaskOutput(int partition, long confirmedOffset, List<OutputFile> files) {}

    /**
     * Publishes the output of a committed batch, task by task, except what the confirmation group
     * already shows. A task's rows go to output partition {@code partition mod <output partitions>};
     * its confirmation is the input partition's committed offset (the end of the task's range in
     * {@code offsets/<b>}) in the group, with the batch in its metadata.
     */
    @Override
    public int publish(BatchCommit commit) throws IOException {
        Map<String, TaskOutput> tasks = new TreeMap<>();
        int files = 0;
        PlannedBatch plan = null; // read only when there is output: it gives the confirmations' offsets
        for (Map.Entry<String, TaskCommit> task : commit.tasks().entrySet()) {
            List<OutputFile> outputs = task.getValue().outputs();
            if (outputs.isEmpty()) {
                continue;
            }
            for (OutputFile output : outputs) {
                if (!OutputLocation.isKafka(output.finalPath())) {
                    throw new IOException("cannot publish batch " + commit.batch() + ": its output goes to "
                            + output.finalPath() + ", and this run writes to Kafka");
                }
            }
            if (plan == null) {
                plan = PlannedBatch.fromJson(commit.batch(), checkpoint.offsets().get(commit.batch())
                        .orElseThrow(() -> new IOException("offsets/" + commit.batch() + " is missing")).planJson());
            }
            int partition = TaskNames.partitionOf(task.getKey());
            long confirmedOffset = TaskNames.stageOf(task.getKey()) == 0 ? plan.ends().get(partition) : commit.batch();
            tasks.put(task.getKey(), new TaskOutput(partition, confirmedOffset, outputs));
            files += outputs.size();
        }
        if (!tasks.isEmpty()) {
            publish(checkpoint.fs(), commit.batch(), tasks);
        }
        return files;
    }

    private void publish(CheckpointFs fs, long batch, Map<String, TaskOutput> tasks) throws IOException {
        try {
            tasks.keySet().forEach(this::producer); // fences older producers first, so the read below is stable
        } catch (KafkaException e) {
            throw KafkaFailures.of("cannot publish batch " + batch + " to Kafka", e);
        }
        Map<Confirmation, Long> confirmed = confirmedBatches(tasks.keySet());
        for (Map.Entry<String, TaskOutput> task : tasks.entrySet()) {
            long confirmedBatch = confirmed.getOrDefault(confirmationOf(task.getKey()), -1L);
            if (confirmedBatch >= batch) {
                foundCommitted.incrementAndGet();
                LOG.info("Kafka output of batch {} task {} is confirmed already (confirmation names batch {})", batch,
                        task.getKey(), confirmedBatch);
                continue;
            }
            publish(fs, batch, task.getKey(), task.getValue());
        }
    }

    private void publish(CheckpointFs fs, long batch, String task, TaskOutput output) throws IOException {
        KafkaProducer<byte[], byte[]> producer = producer(task);
        try {
            producer.beginTransaction();
            for (OutputFile file : output.files()) {
                String topic = topicOf(file.finalPath());
                int target = output.partition() % partitionCount(topic);
                forEachLine(fs, file, line -> producer.send(new ProducerRecord<>(topic, target, null, line)));
            }
            Confirmation confirmation = confirmationOf(task);
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(inputTopic, confirmation.partition()),
                            new OffsetAndMetadata(output.confirmedOffset(), METADATA_PREFIX + checkpointId + ";batch=" + batch)),
                    new ConsumerGroupMetadata(confirmation.group()));
            CrashPoints.reached(CrashPoints.AFTER_KAFKA_SEND, batch);
            producer.commitTransaction();
            committed.incrementAndGet();
            CrashPoints.reached(CrashPoints.AFTER_KAFKA_COMMIT, batch);
        } catch (KafkaException e) {
            // Fenced by a newer leader, timed out by the broker, or failed: the next publish resolves it.
            discard(task);
            throw KafkaFailures.of("cannot publish batch " + batch + " of task " + task + " to Kafka", e);
        }
    }

    /** Per confirmation of {@code tasks}, the newest batch its group names. */
    private Map<Confirmation, Long> confirmedBatches(Collection<String> tasks) throws IOException {
        Map<String, ListConsumerGroupOffsetsSpec> groups = new TreeMap<>();
        tasks.forEach(task -> groups.put(confirmationOf(task).group(), new ListConsumerGroupOffsetsSpec()));
        Map<Confirmation, Long> batches = new HashMap<>();
        var result = admin.listConsumerGroupOffsets(groups, new ListConsumerGroupOffsetsOptions().requireStable(true));
        for (String group : groups.keySet()) {
            Map<TopicPartition, OffsetAndMetadata> offsets;
            try {
                offsets = result.partitionsToOffsetAndMetadata(group).get();
            } catch (ExecutionException e) {
                throw KafkaFailures.of("cannot read the confirmations of group " + group, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading Kafka confirmations", e);
            }
            for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : offsets.entrySet()) {
                String metadata = offset.getValue() == null ? null : offset.getValue().metadata();
                if (!offset.getKey().topic().equals(inputTopic) || metadata == null
                        || !metadata.startsWith(METADATA_PREFIX)) {
                    continue;
                }
                metadata = metadata.substring(METADATA_PREFIX.length());
                int separator = metadata.lastIndexOf(";batch=");
                String owner = separator < 0 ? "" : metadata.substring(0, separator);
                if (!owner.equals(checkpointId)) {
                    throw new IOException("the Kafka confirmation group " + group + " belongs to checkpoint " + owner
                            + ", not " + checkpointId + ": give this job its own "
                            + SinkOptions.TRANSACTIONAL_ID_PREFIX.name());
                }
                batches.put(new Confirmation(group, offset.getKey().partition()),
                        Long.parseLong(metadata.substring(separator + ";batch=".length())));
            }
        }
        return batches;
    }

    private KafkaProducer<byte[], byte[]> producer(String task) {
        return producers.computeIfAbsent(task, t -> {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-" + t);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientSettings.over(props),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                producer.initTransactions(); // fences older producers of this id and aborts their open transaction
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            return producer;
        });
    }

    private int partitionCount(String topic) throws IOException {
        Integer known = partitionCounts.get(topic);
        if (known != null) {
            return known;
        }
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            partitionCounts.put(topic, description.partitions().size());
            return description.partitions().size();
        } catch (ExecutionException e) {
            throw KafkaFailures.of("cannot describe output topic '" + topic + "'", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while describing output topic '" + topic + "'", e);
        }
    }

    private interface LineConsumer {
        void accept(byte[] line);
    }

    /** Sends the staged file's lines, checking its length and CRC32C against the commit on the way. */
    private static void forEachLine(CheckpointFs fs, OutputFile output, LineConsumer consumer) throws IOException {
        CRC32C crc = new CRC32C();
        long length = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new CheckedInputStream(fs.fileSystem().open(fs.resolve(output.staged())), crc), StandardCharsets.UTF_8),
                64 * 1024)) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                length += bytes.length + 1;
                consumer.accept(bytes);
            }
        }
        StagedOutput.checkMatchesCommit(output, length, crc.getValue());
    }

    /** The topic of a Kafka output target {@code kafka:<topic>}. */
    static String topicOf(String target) {
        return target.substring(OutputLocation.KAFKA_SCHEME.length() + 1);
    }

    private void discard(String task) {
        KafkaProducer<byte[], byte[]> producer = producers.remove(task);
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    private static Admin admin(String bootstrapServers, KafkaClientSettings clientSettings) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return Admin.create(clientSettings.over(props));
    }

    @Override
    public long transactionsCommitted() {
        return committed.get();
    }

    @Override
    public long transactionsFoundCommitted() {
        return foundCommitted.get();
    }

    @Override
    public void close() {
        producers.values().forEach(producer -> producer.close(Duration.ofSeconds(5)));
        producers.clear();
        admin.close(Duration.ofSeconds(5));
    }
}
