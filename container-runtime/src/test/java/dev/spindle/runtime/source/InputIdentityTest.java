package dev.spindle.runtime.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.api.Trigger;
import dev.spindle.runtime.driver.BatchListener;
import dev.spindle.runtime.driver.RunSummary;
import dev.spindle.runtime.fixtures.CsvJob;
import dev.spindle.runtime.local.LocalRun;
import dev.spindle.runtime.plan.InputChangedException;
import dev.spindle.runtime.sink.OutputLocation;
import dev.spindle.runtime.testing.JobTestDriver;
import dev.spindle.testkit.Await;
import dev.spindle.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * The input a checkpoint read is pinned (real broker, local mode): a topic deleted and created
 * again under the same name, or offsets retention deleted before the job read them, stop the job
 * with one line saying what happened and what to do; {@code spindle.source.on-data-loss=skip}
 * goes on and counts the offsets it skipped.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a cluster test: a hang fails it, never the build
class InputIdentityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("spindle-input-identity-test-");
        broker = KafkaBroker.start(dir.resolve("kafka"), Map.of());
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        FileUtil.fullyDelete(dir.toFile());
    }

    @Test
    void aTopicDeletedAndCreatedAgainStopsTheJobWithOneLine() throws Exception {
        String topic = "recreated";
        broker.createTopic(topic, 2);
        produce(topic, 0, "a,1,1000,1", "a,2,2000,1");
        Path job = dir.resolve(topic);
        assertEquals(2, run(topic, job, Map.of()).recordsIn());

        admin.deleteTopics(List.of(topic)).all().get();
        Await.until(Duration.ofSeconds(60), "the topic to be created again", () -> {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return false; // its deletion is still under way
                }
                throw e;
            }
        });
        produce(topic, 0, "a,3,3000,1");
        InputChangedException e = assertThrows(InputChangedException.class, () -> run(topic, job, Map.of()));
        assertTrue(e.getMessage().startsWith("input topic 'recreated' was deleted and created again (its id is "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; the checkpoint's offsets mean nothing in the new topic, so the job stops"
                + " (use a new checkpoint directory to read it)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void offsetsRetentionDeletedBeforeTheJobReadThemStopItBeforeAnythingIsPlanned() throws Exception {
        String topic = "gap-fail";
        broker.createTopic(topic, 2);
        produce(topic, 1, "a,1,1000,1", "a,2,2000,1");
        Path job = dir.resolve(topic);
        assertEquals(2, run(topic, job, Map.of()).batches()); // the second, with no data, moves the watermark

        produce(topic, 1, "a,3,3000,1", "a,4,4000,1", "a,5,5000,1");
        deleteBefore(topic, 1, 4); // offsets 2 and 3 were never read
        InputChangedException e = assertThrows(InputChangedException.class, () -> run(topic, job, Map.of()));
        assertEquals("batch 2: offsets 2..3 of partition 1 of input topic 'gap-fail' are gone from Kafka (the partition"
                + " now starts at 4: retention deleted them before they were read), so the job stops; set"
                + " spindle.source.on-data-loss=skip to go on without them (they are counted as offsets_skipped), or"
                + " give the topic a longer retention", e.getMessage());
        assertFalse(Files.exists(job.resolve("checkpoint/offsets/2")), "nothing was planned");
    }

    @Test
    void withSkipTheJobGoesOnFromTheLogStartAndCountsWhatItSkipped() throws Exception {
        String topic = "gap-skip";
        broker.createTopic(topic, 1);
        produce(topic, 0, "a,1,1000,1", "a,2,2000,1");
        Path job = dir.resolve(topic);
        run(topic, job, Map.of("spindle.source.on-data-loss", "skip"));

        produce(topic, 0, "a,3,3000,1", "a,4,4000,10", "a,5,30000,100");
        deleteBefore(topic, 0, 4);
        RunSummary run = run(topic, job, Map.of("spindle.source.on-data-loss", "skip"));
        JsonNode summary = JSON.readTree(run.toJson());
        assertEquals(3, summary.get("offsets_skipped").asLong() + summary.get("records_in").asLong(), run.toJson());
        assertEquals(2, summary.get("offsets_skipped").asLong(), run.toJson());
        assertEquals(List.of("0,10000,a,2,2"), JobTestDriver.lines(job.resolve("output"))); // a,5 is in a later window
    }

    private static RunSummary run(String topic, Path job, Map<String, String> settings)
            throws IOException, InterruptedException {
        Configuration conf = new Configuration();
        conf.set("spindle.executor.local-dir", job.resolve("local").toString());
        settings.forEach(conf::set);
        try (KafkaPartitionSource source = new KafkaPartitionSource(broker.bootstrapServers(), topic)) {
            return new LocalRun().run(new LocalRun.Settings(CsvJob.create(), topic, source,
                    job.resolve("checkpoint").toUri(), OutputLocation.under(job.resolve("output").toUri()),
                    new Trigger.AvailableNow(), conf), BatchListener.NONE);
        }
    }

    private static void produce(String topic, int partition, String... values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
        }
    }

    /** What retention does: the partition's first offset moves to {@code offset}. */
    private static void deleteBefore(String topic, int partition, long offset) throws Exception {
        admin.deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset))).all().get();
    }
}
