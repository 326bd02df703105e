package dev.spindle.runtime.kafka;

import dev.spindle.runtime.JobFailedException;
import java.io.IOException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A Kafka client's failure as Spindle reports it: one line saying what could not be done and why
 * (for a timeout, the likely causes: no broker, or a security protocol the listener does not speak,
 * which Kafka's clients retry until their timeout). A broker that refuses the client's credentials
 * or permissions ends the job ({@link JobFailedException}) at once, instead of the attempt being
 * retried with the same settings.
 */
public final class KafkaFailures {
    private KafkaFailures() {}

    /**
     * @param failed what could not be done, as {@code cannot describe Kafka topic 'clicks' at HOST:PORT}
     * @param cause the client's exception (the cause of a future's ExecutionException)
     */
    public static IOException of(String failed, Throwable cause) {
        Throwable refusal = refusal(cause);
        if (refusal instanceof AuthenticationException) {
            return jobFailed(failed + ": Kafka refused to authenticate the client (" + reasonOf(refusal) + "); check "
                    + KafkaClientSettings.PREFIX + "security.protocol, " + KafkaClientSettings.PREFIX + "sasl.mechanism, "
                    + KafkaClientSettings.PREFIX + "sasl.jaas.config or " + KafkaClientSettings.PREFIX
                    + "ssl.*, and the secrets files they name", refusal);
        }
        if (refusal instanceof AuthorizationException) {
            return jobFailed(failed + ": Kafka did not authorize the job's principal (" + reasonOf(refusal)
                    + "); it needs the ACLs docs/security.md lists", refusal);
        }
        if (cause instanceof TimeoutException) { // also what a client gets from a listener of another protocol
            return new IOException(failed + ": " + reasonOf(cause) + " (is Kafka up there, and does "
                    + KafkaClientSettings.PREFIX + "security.protocol, PLAINTEXT unless set, match its listener?)", cause);
        }
        return new IOException(failed + ": " + reasonOf(cause), cause);
    }

    /** True when {@code e} (or what caused it) is a refused authentication or authorization. */
    public static boolean isRefusal(Throwable e) {
        return refusal(e) != null;
    }

    private static Throwable refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return cause;
            }
        }
        return null;
    }

    private static JobFailedException jobFailed(String message, Throwable cause) {
        JobFailedException failure = new JobFailedException(message);
        failure.initCause(cause);
        return failure;
    }

    /**
     * The exception's message, and its causes' where they add to it: a client that cannot be made
     * says only "Failed to create new KafkaAdminClient", its cause why (a JAAS entry missing, a
     * secrets file unreadable).
     */
    private static String reasonOf(Throwable e) {
        StringBuilder reason = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause.getMessage() != null && !reason.toString().contains(cause.getMessage())) {
                reason.append(": ").append(cause.getMessage());
            }
        }
        return reason.toString().replace('\n', ' ');
    }
}
