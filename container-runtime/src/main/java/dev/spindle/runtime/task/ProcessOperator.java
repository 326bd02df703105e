package dev.spindle.runtime.task;

import dev.spindle.api.Codec;
import dev.spindle.api.KeyBytes;
import dev.spindle.api.job.StreamJob;
import dev.spindle.api.process.KeyContext;
import dev.spindle.api.process.StateSpec;
import dev.spindle.api.process.TimeDomain;
import dev.spindle.api.process.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A job's keyed process function over one task's state in one batch. Each declared state of a key
 * is one entry ({@code 0x06 index key}: the time it was last written, then its value, list or map
 * as the spec's codec writes it), fetched with the batch's other state before its values run;
 * timers are index entries ({@code 0x07}/{@code 0x08} time key), and so are the checks of
 * state with a TTL ({@code 0x09}/{@code 0x0A}), each set when such state is written. In a batch,
 * the function first sees its due timers — event-time ones up to the watermark, then
 * processing-time ones up to the batch time, each clock in (time, key bytes) order: the batch's
 * clocks passed them before any of its values — then its values in order, then the timers its
 * values set at or before the clocks; then the due TTL checks delete what expired.
 */
final class ProcessOperator implements KeyedOperator {
    private static final byte[] PRESENT = {1};
    /** Timers that set due timers again, round after round, are a bug in the function: it stops. */
    private static final int MAX_TIMER_ROUNDS = 1_000;
    /** Unicode code point order (String.compareTo orders by UTF-16 units). */
    static final Comparator<String> CODE_POINTS = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final StreamJob.Process process;
    private final StateOverlay state;
    private final Long watermark;
    private final long batchTime;
    private final List<String> rows = new ArrayList<>();
    private final Set<StateOverlay.Slot> touched = new LinkedHashSet<>(); // a slot is one object per key

    ProcessOperator(StreamJob.Process process, StateOverlay state, Long watermark, long batchTime) {
        this.process = process;
        this.state = state;
        this.watermark = watermark;
        this.batchTime = batchTime;
    }

    /** One state entry of one key as the batch sees it: decoded on first use. */
    private static final class Entry {
        Object value; // the value, a List or a SortedMap; null when absent
        long written;
        boolean changed;
    }

    @Override
    public StateOverlay.Slot[] slots(Object value, long eventTime, String key) {
        StateOverlay.Slot[] slots = new StateOverlay.Slot[process.states().size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = state.slot(StateKeys.processState(i, key));
        }
        return slots;
    }

    @Override
    public void add(StateOverlay.Slot[] slots, Object value, long eventTime, String key) throws IOException {
        Context context = new Context(key, slots, eventTime);
        try {
            process.function().onValue(value, eventTime, context);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException("the process function failed on key '" + key + "': " + e, e);
        }
    }

    @Override
    public void finish() {
        for (StateOverlay.Slot slot : touched) {
            Entry entry = (Entry) slot.decoded();
            if (!entry.changed) {
                continue;
            }
            if (isEmpty(entry.value)) {
                state.delete(slot.key());
            } else {
                state.put(slot, encode(specOf(slot), entry));
            }
            entry.changed = false;
        }
        touched.clear();
    }

    @Override
    public void start() throws IOException {
        fireDue();
    }

    private void fireDue() throws IOException {
        if (watermark != null) {
            fire(StateKeys.EVENT_TIMER, TimeDomain.EVENT_TIME, watermark);
        }
        fire(StateKeys.PROCESSING_TIMER, TimeDomain.PROCESSING_TIME, batchTime);
    }

    @Override
    public List<String> emit(Long watermark) throws IOException {
        fireDue(); // those the batch's values set at or before its clocks
        if (watermark != null) {
            expire(StateKeys.EVENT_TTL, TimeDomain.EVENT_TIME, watermark);
        }
        expire(StateKeys.PROCESSING_TTL, TimeDomain.PROCESSING_TIME, batchTime);
        finish();
        return rows;
    }

    /** Fires every timer of {@code kind} at or before {@code now}, and those the firing sets at or before it. */
    private void fire(byte kind, TimeDomain domain, long now) throws IOException {
        for (int round = 0; ; round++) {
            List<byte[]> due = due(kind, now);
            if (due.isEmpty()) {
                return;
            }
            if (round == MAX_TIMER_ROUNDS) {
                throw new IllegalStateException("the process function's timers set due " + domain + " timers again "
                        + MAX_TIMER_ROUNDS + " rounds in a row (at " + now + "): a timer must be set after the current time");
            }
            for (byte[] timer : due) {
                state.delete(timer);
                long time = StateKeys.timeOf(timer);
                String key = StateKeys.textOf(timer);
                Context context = new Context(key, slots(null, 0, key),
                        domain == TimeDomain.EVENT_TIME ? time : this.watermark == null ? Long.MIN_VALUE : this.watermark);
                try {
                    process.function().onTimer(new Timer(time, domain), context);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                } catch (Exception e) {
                    throw new IllegalStateException("the process function failed on a timer of key '" + key + "': " + e, e);
                }
            }
        }
    }

    /** Deletes the key's state with a TTL on {@code domain} that has expired, for every due check. */
    private void expire(byte kind, TimeDomain domain, long now) throws IOException {
        for (byte[] check : due(kind, now)) {
            state.delete(check);
            String key = StateKeys.textOf(check);
            StateOverlay.Slot[] slots = slots(null, 0, key);
            for (int i = 0; i < slots.length; i++) {
                if (process.states().get(i).ttl() != null && process.states().get(i).ttlDomain() == domain) {
                    entry(slots[i]); // an expired entry decodes as absent, marked for deletion
                }
            }
        }
    }

    private List<byte[]> due(byte kind, long now) throws IOException {
        List<byte[]> due = new ArrayList<>();
        state.scan(StateKeys.start(kind), StateKeys.after(kind, now), (key, present) -> due.add(key));
        return due;
    }

    private StateSpec specOf(StateOverlay.Slot slot) {
        return process.states().get(slot.key()[1] & 0xFF);
    }

    /** The slot's entry, decoded on first use in the batch; an expired one reads as absent. */
    private Entry entry(StateOverlay.Slot slot) {
        if (!slot.isDecoded()) {
            Entry entry = new Entry();
            try {
                byte[] stored = state.get(slot);
                if (stored != null) {
                    decode(specOf(slot), stored, entry);
                    if (isExpired(specOf(slot), entry.written)) {
                        entry.value = null;
                        entry.changed = true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            slot.decoded(entry);
        }
        touched.add(slot);
        return (Entry) slot.decoded();
    }

    private boolean isExpired(StateSpec spec, long written) {
        if (spec.ttl() == null) {
            return false;
        }
        long now = spec.ttlDomain() == TimeDomain.EVENT_TIME ? (watermark == null ? Long.MIN_VALUE : watermark) : batchTime;
        long expiry = saturatingAdd(written, spec.ttl().toMillis());
        return expiry <= now;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof List<?> list && list.isEmpty())
                || (value instanceof SortedMap<?, ?> map && map.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(StateSpec spec, Entry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeLong(entry.written);
            if (spec instanceof StateSpec.Value<?> value) {
                ((Codec<Object>) value.codec()).write(entry.value, out);
            } else if (spec instanceof StateSpec.ListOf<?> list) {
                List<Object> values = (List<Object>) entry.value;
                out.writeInt(values.size());
                for (Object element : values) {
                    writeFramed(out, (Codec<Object>) list.codec(), element);
                }
            } else {
                SortedMap<String, Object> entries = (SortedMap<String, Object>) entry.value;
                out.writeInt(entries.size());
                for (var e : entries.entrySet()) {
                    byte[] key = KeyBytes.encode(e.getKey());
                    out.writeInt(key.length);
                    out.write(key);
                    writeFramed(out, (Codec<Object>) ((StateSpec.MapOf<?>) spec).codec(), e.getValue());
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("state " + spec.name() + ": its codec could not write", e);
        }
        return bytes.toByteArray();
    }

    /** An element with its length, so that a codec that reads less than it wrote cannot shift the next one. */
    private static void writeFramed(DataOutputStream out, Codec<Object> codec, Object value) throws IOException {
        ByteArrayOutputStream element = new ByteArrayOutputStream(32);
        DataOutputStream elementOut = new DataOutputStream(element);
        codec.write(value, elementOut);
        elementOut.flush();
        out.writeInt(element.size());
        element.writeTo(out);
    }

    private static Object readFramed(DataInputStream in, Codec<?> codec) throws IOException {
        byte[] element = new byte[in.readInt()];
        in.readFully(element);
        return codec.read(new DataInputStream(new ByteArrayInputStream(element)));
    }

    private static void decode(StateSpec spec, byte[] stored, Entry entry) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored)); // codecs read copies
        entry.written = in.readLong();
        if (spec instanceof StateSpec.Value<?> value) {
            entry.value = value.codec().read(in);
        } else if (spec instanceof StateSpec.ListOf<?> list) {
            int size = in.readInt();
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(readFramed(in, list.codec()));
            }
            entry.value = values;
        } else {
            int size = in.readInt();
            SortedMap<String, Object> entries = new TreeMap<>(CODE_POINTS);
            for (int i = 0; i < size; i++) {
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                entries.put(KeyBytes.decode(key), readFramed(in, ((StateSpec.MapOf<?>) spec).codec()));
            }
            entry.value = entries;
        }
    }

    /** The function's view of one key while one of its values or timers is handled. */
    private final class Context implements KeyContext<Object> {
        private final String key;
        private final StateOverlay.Slot[] slots;
        private final long eventClock; // what an event-time TTL counts a write from

        Context(String key, StateOverlay.Slot[] slots, long eventClock) {
            this.key = key;
            this.slots = slots;
            this.eventClock = eventClock;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public long watermark() {
            return watermark == null ? Long.MIN_VALUE : watermark;
        }

        @Override
        public long batchTime() {
            return batchTime;
        }

        private Entry entryOf(StateSpec spec) {
            int index = process.states().indexOf(spec);
            if (index < 0) {
                throw new IllegalArgumentException("state '" + spec.name() + "' is not declared in process(function, states...)");
            }
            return entry(slots[index]);
        }

        /** Replaces the entry's value; null (or empty) clears it, anything else is a write. */
        private void replace(StateSpec spec, Object value) {
            Entry entry = entryOf(spec);
            entry.value = value;
            if (isEmpty(value)) {
                entry.changed = true;
            } else {
                written(spec, entry);
            }
        }

        /** Marks the entry written now, and sets its TTL check. */
        private void written(StateSpec spec, Entry entry) {
            entry.changed = true;
            if (spec.ttl() == null) {
                return;
            }
            boolean event = spec.ttlDomain() == TimeDomain.EVENT_TIME;
            entry.written = event ? eventClock : batchTime;
            long expiry = saturatingAdd(entry.written, spec.ttl().toMillis());
            state.put(StateKeys.timer(event ? StateKeys.EVENT_TTL : StateKeys.PROCESSING_TTL, expiry, key), PRESENT);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> ValueState<V> state(StateSpec.Value<V> spec) {
            return new ValueState<>() {
                @Override
                public V get() {
                    return (V) entryOf(spec).value;
                }

                @Override
                public void set(V value) {
                    replace(spec, value);
                }

                @Override
                public void clear() {
                    replace(spec, null);
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> ListState<V> state(StateSpec.ListOf<V> spec) {
            return new ListState<>() {
                private List<Object> list(boolean create) {
                    Entry entry = entryOf(spec);
                    if (entry.value == null && create) {
                        entry.value = new ArrayList<>();
                    }
                    return (List<Object>) entry.value;
                }

                @Override
                public List<V> get() {
                    List<Object> list = list(false);
                    return list == null ? new ArrayList<>() : new ArrayList<>((List<V>) (List<?>) list);
                }

                @Override
                public void add(V value) {
                    list(true).add(value);
                    written(spec, entryOf(spec));
                }

                @Override
                public void set(List<V> values) {
                    replace(spec, new ArrayList<Object>(values));
                }

                @Override
                public void clear() {
                    replace(spec, null);
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> MapState<V> state(StateSpec.MapOf<V> spec) {
            return new MapState<>() {
                private SortedMap<String, Object> map(boolean create) {
                    Entry entry = entryOf(spec);
                    if (entry.value == null && create) {
                        entry.value = new TreeMap<String, Object>(CODE_POINTS);
                    }
                    return (SortedMap<String, Object>) entry.value;
                }

                @Override
                public V get(String mapKey) {
                    SortedMap<String, Object> map = map(false);
                    return map == null ? null : (V) map.get(mapKey);
                }

                @Override
                public void put(String mapKey, V value) {
                    map(true).put(mapKey, value);
                    written(spec, entryOf(spec));
                }

                @Override
                public void remove(String mapKey) {
                    SortedMap<String, Object> map = map(false);
                    if (map != null && map.remove(mapKey) != null) {
                        entryOf(spec).changed = true;
                    }
                }

                @Override
                public SortedMap<String, V> entries() {
                    SortedMap<String, V> copy = new TreeMap<>(CODE_POINTS);
                    SortedMap<String, Object> map = map(false);
                    if (map != null) {
                        map.forEach((k, v) -> copy.put(k, (V) v));
                    }
                    return copy;
                }

                @Override
                public void clear() {
                    replace(spec, null);
                }
            };
        }

        @Override
        public void setTimer(TimeDomain domain, long time) {
            state.put(StateKeys.timer(kindOf(domain), time, key), PRESENT);
        }

        @Override
        public void deleteTimer(TimeDomain domain, long time) {
            state.delete(StateKeys.timer(kindOf(domain), time, key));
        }

        @Override
        public void emit(Object row) {
            rows.add(process.lines().apply(row));
        }
    }

    private static byte kindOf(TimeDomain domain) {
        return domain == TimeDomain.EVENT_TIME ? StateKeys.EVENT_TIMER : StateKeys.PROCESSING_TIMER;
    }
}
