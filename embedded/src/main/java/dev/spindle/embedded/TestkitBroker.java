package dev.spindle.embedded;

import dev.spindle.client.EmbeddedBroker;
import dev.spindle.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.Map;

/** Local mode's embedded broker: the testkit's single KRaft broker (registered as a service). */
public final class TestkitBroker implements EmbeddedBroker {
    private final KafkaBroker broker;

    private TestkitBroker(KafkaBroker broker) {
        this.broker = broker;
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        broker.close();
    }

    /** The service {@link EmbeddedBroker#starter()} finds. */
    public static final class Starter implements EmbeddedBroker.Starter {
        @Override
        public EmbeddedBroker start(Path dataDir) throws Exception {
            return new TestkitBroker(KafkaBroker.start(dataDir, Map.of()));
        }
    }
}
