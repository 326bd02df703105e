package dev.spindle.runtime.shuffle;

import dev.spindle.api.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A value as it crosses the shuffle: its event time (8 bytes, big-endian; assigned before the
 * shuffle, never again after it), then the job's {@link Codec} bytes. One instance per task
 * thread: it reuses its buffer.
 */
public final class ShuffledValues {
    private final Codec<Object> codec;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(buffer);

    public ShuffledValues(Codec<Object> codec) {
        this.codec = codec;
    }

    public byte[] encode(long eventTime, Object value) {
        buffer.reset();
        try {
            out.writeLong(eventTime);
            codec.write(value, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the job's codec could not write " + value, e);
        }
        return buffer.toByteArray();
    }

    /** A decoded value and its event time. */
    public record Timed(long eventTime, Object value) {}

    public Timed decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        long eventTime = in.readLong();
        return new Timed(eventTime, codec.read(in));
    }
}
