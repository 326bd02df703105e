package dev.spindle.appmaster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.state.io.Json;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this ApplicationMaster attempt reached each step of taking over its job, in milliseconds
 * since the epoch: its process started, it registered with the ResourceManager, it led the job
 * (a new epoch taken), its executors were there (the first batch placed on them), it committed its
 * first batch. After a failover this says where the time went; the tracking page shows it under
 * {@code "attempt"}, and the log has it in one line once the first commit lands.
 */
final class AttemptTimeline {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptTimeline.class);

    /** The steps, in the order an attempt reaches them. */
    enum Step {
        PROCESS_STARTED, REGISTERED, LEADING, EXECUTORS_READY, FIRST_COMMIT;

        String field() {
            return name().toLowerCase(Locale.ROOT) + "_ms";
        }
    }

    private final String attempt;
    private final Clock clock;
    private final Map<Step, Long> reached = new EnumMap<>(Step.class);

    /** A timeline whose first step is the start of this JVM. */
    AttemptTimeline(String attempt, Clock clock) {
        this.attempt = attempt;
        this.clock = clock;
        reached.put(Step.PROCESS_STARTED, ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Records the first time {@code step} is reached; later calls change nothing. */
    synchronized boolean hasReached(Step step) {
        return reached.containsKey(step);
    }

    synchronized void reached(Step step) {
        if (reached.putIfAbsent(step, clock.millis()) == null && step == Step.FIRST_COMMIT) {
            LOG.info("Attempt {} took over in {} ms: {}", attempt,
                    reached.get(Step.FIRST_COMMIT) - reached.get(Step.PROCESS_STARTED), this);
        }
    }

    synchronized ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("id", attempt);
        reached.forEach((step, millis) -> node.put(step.field(), millis));
        return node;
    }

    /** Each step reached, with the milliseconds since the step before it. */
    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder();
        Long previous = null;
        for (Map.Entry<Step, Long> step : reached.entrySet()) {
            if (previous != null) {
                text.append(", ").append(step.getKey().name().toLowerCase(Locale.ROOT))
                        .append(" +").append(step.getValue() - previous).append(" ms");
            } else {
                text.append(step.getKey().name().toLowerCase(Locale.ROOT));
            }
            previous = step.getValue();
        }
        return text.toString();
    }
}
