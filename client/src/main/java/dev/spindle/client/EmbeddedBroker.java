package dev.spindle.client;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The Kafka broker local mode starts when it is given no {@code --bootstrap-servers}. The broker
 * is a server, so it lives in the spindle-embedded module, found here through {@link
 * ServiceLoader}; without that module on the class path (as in {@code spindle-submit}'s) local
 * mode needs a broker of its own.
 */
public interface EmbeddedBroker extends AutoCloseable {
    /** {@code host:port} of the running broker. */
    String bootstrapServers();

    /** Stops the broker; its data directory is the caller's to delete. */
    @Override
    void close();

    /** Starts brokers; implemented by the spindle-embedded module. */
    interface Starter {
        /** Starts a single broker keeping its data in {@code dataDir}. */
        EmbeddedBroker start(Path dataDir) throws Exception;
    }

    /** The starter on the class path, if the spindle-embedded module is there. */
    static Optional<Starter> starter() {
        return ServiceLoader.load(Starter.class).findFirst();
    }
}
