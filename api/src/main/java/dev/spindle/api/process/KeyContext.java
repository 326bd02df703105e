package dev.spindle.api.process;

import java.util.List;
import java.util.SortedMap;

/**
 * What a {@link KeyedProcessFunction} sees while it handles one key: the key, the batch's clocks,
 * the key's state, its timers, and where its output rows go. Valid only during the call it is
 * given to.
 *
 * @param <R> the rows the function emits
 */
public interface KeyContext<R> {
    String key();

    /** The batch's watermark, or {@link Long#MIN_VALUE} before any value was accepted. */
    long watermark();

    /** The batch time pinned in the plan: the engine's processing time. */
    long batchTime();

    <V> ValueState<V> state(StateSpec.Value<V> spec);

    <V> ListState<V> state(StateSpec.ListOf<V> spec);

    <V> MapState<V> state(StateSpec.MapOf<V> spec);

    /** Sets a timer of this key (setting one that is set already changes nothing). */
    void setTimer(TimeDomain domain, long time);

    void deleteTimer(TimeDomain domain, long time);

    /** Writes a row; a function may emit any number per key per batch. */
    void emit(R row);

    /** One value per key. */
    interface ValueState<V> {
        /** The value, or null when there is none (or it expired). */
        V get();

        void set(V value);

        void clear();
    }

    /** A list per key. */
    interface ListState<V> {
        /** A copy of the list (empty when there is none). */
        List<V> get();

        void add(V value);

        /** Replaces the list. */
        void set(List<V> values);

        void clear();
    }

    /** A map per key from strings to values. */
    interface MapState<V> {
        V get(String key);

        void put(String key, V value);

        void remove(String key);

        /** A copy of the entries, in Unicode code point order of their keys. */
        SortedMap<String, V> entries();

        void clear();
    }
}
