package dev.spindle.api.process;

import dev.spindle.api.Codec;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A piece of per-key state a {@link KeyedProcessFunction} declares: its name, the {@link Codec}
 * that stores its values, and an optional TTL. An entry with a TTL expires {@code ttl} after it
 * was last written, on its clock: the event time of the value (or the time of the timer) being
 * processed when it was written, against the watermark; or the batch time, against the batch
 * time. An expired entry reads as absent and is deleted.
 */
public sealed interface StateSpec permits StateSpec.Value, StateSpec.ListOf, StateSpec.MapOf {
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    String name();

    Duration ttl();

    TimeDomain ttlDomain();

    /** One value per key. */
    record Value<V>(String name, Codec<V> codec, Duration ttl, TimeDomain ttlDomain) implements StateSpec {
        public Value {
            check(name, codec, ttl);
        }

        /** The same state, expiring {@code ttl} after its last write on {@code domain}'s clock. */
        public Value<V> withTtl(Duration ttl, TimeDomain domain) {
            return new Value<>(name, codec, ttl, Objects.requireNonNull(domain, "domain"));
        }
    }

    /** A list per key, appended to in order. */
    record ListOf<V>(String name, Codec<V> codec, Duration ttl, TimeDomain ttlDomain) implements StateSpec {
        public ListOf {
            check(name, codec, ttl);
        }

        public ListOf<V> withTtl(Duration ttl, TimeDomain domain) {
            return new ListOf<>(name, codec, ttl, Objects.requireNonNull(domain, "domain"));
        }
    }

    /** A map per key from strings to values, iterated in Unicode code point order of its keys. */
    record MapOf<V>(String name, Codec<V> codec, Duration ttl, TimeDomain ttlDomain) implements StateSpec {
        public MapOf {
            check(name, codec, ttl);
        }

        public MapOf<V> withTtl(Duration ttl, TimeDomain domain) {
            return new MapOf<>(name, codec, ttl, Objects.requireNonNull(domain, "domain"));
        }
    }

    static <V> Value<V> value(String name, Codec<V> codec) {
        return new Value<>(name, codec, null, null);
    }

    static <V> ListOf<V> list(String name, Codec<V> codec) {
        return new ListOf<>(name, codec, null, null);
    }

    static <V> MapOf<V> map(String name, Codec<V> codec) {
        return new MapOf<>(name, codec, null, null);
    }

    private static void check(String name, Codec<?> codec, Duration ttl) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a state name is lower-case letters, digits, '_' and '-', got '" + name + "'");
        }
        Objects.requireNonNull(codec, "state " + name + ": codec");
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("state " + name + ": a TTL must be positive, got " + ttl);
        }
    }
}
