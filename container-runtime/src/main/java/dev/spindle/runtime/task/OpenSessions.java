package dev.spindle.runtime.task;

import dev.spindle.api.MergeableAggregate;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One key's open sessions, ordered by start, disjoint: each {@code [start, end)} with its
 * accumulator, where {@code start} is the smallest event time in it and {@code end} the largest
 * plus the gap. Stored under the key's 0x04 entry as: the count (4 bytes), then per session its
 * start and end (8 bytes each) and its accumulator (4-byte length, bytes).
 */
final class OpenSessions {
    /** One session; its accumulator stays decoded while the batch runs. */
    static final class Session {
        long start;
        long end;
        Object accumulator;

        Session(long start, long end, Object accumulator) {
            this.start = start;
            this.end = end;
            this.accumulator = accumulator;
        }
    }

    private final List<Session> sessions;
    /** The ends as stored when the batch first read them: the 0x05 entries that exist. */
    private final long[] storedEnds;

    private OpenSessions(List<Session> sessions) {
        this.sessions = sessions;
        this.storedEnds = sessions.stream().mapToLong(s -> s.end).toArray();
    }

    static OpenSessions none() {
        return new OpenSessions(new ArrayList<>());
    }

    /** Decodes stored sessions; the accumulators from copies of their bytes (user code may change them). */
    static OpenSessions decode(byte[] stored, MergeableAggregate<Object, Object, Object> aggregate) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        int count = in.getInt();
        List<Session> sessions = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            long start = in.getLong();
            long end = in.getLong();
            byte[] accumulator = new byte[in.getInt()];
            in.get(accumulator);
            sessions.add(new Session(start, end, aggregate.decode(accumulator)));
        }
        return new OpenSessions(sessions);
    }

    byte[] encode(MergeableAggregate<Object, Object, Object> aggregate) {
        List<byte[]> accumulators = new ArrayList<>(sessions.size());
        int size = 4;
        for (Session session : sessions) {
            byte[] bytes = aggregate.encode(session.accumulator);
            accumulators.add(bytes);
            size += 20 + bytes.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            out.putLong(sessions.get(i).start).putLong(sessions.get(i).end)
                    .putInt(accumulators.get(i).length).put(accumulators.get(i));
        }
        return out.array();
    }

    /**
     * Adds a value at {@code ts}: its interval {@code [ts, ts + gap)} and every session it overlaps
     * become one session (accumulators merged in start order), and the value is added to it.
     */
    void add(long ts, long gap, Object value, MergeableAggregate<Object, Object, Object> aggregate) {
        long valueEnd = saturatedAdd(ts, gap);
        long start = ts;
        long end = valueEnd;
        Object accumulator = null;
        List<Session> kept = new ArrayList<>(sessions.size() + 1);
        // Sessions are disjoint, so one pass finds every one the value joins: the merged interval
        // is the union of pieces that each miss every other session.
        for (Session session : sessions) {
            if (session.start < valueEnd && ts < session.end) { // overlaps [ts, ts + gap)
                start = Math.min(start, session.start);
                end = Math.max(end, session.end);
                accumulator = accumulator == null ? session.accumulator : aggregate.merge(accumulator, session.accumulator);
            } else {
                kept.add(session);
            }
        }
        accumulator = aggregate.add(accumulator == null ? aggregate.zero() : accumulator, value);
        int at = 0;
        while (at < kept.size() && kept.get(at).start < start) {
            at++;
        }
        kept.add(at, new Session(start, end, accumulator));
        sessions.clear();
        sessions.addAll(kept);
    }

    /** Removes and returns the sessions ending at or before {@code watermark}, in end order. */
    List<Session> removeEndedBy(long watermark) {
        List<Session> ended = new ArrayList<>();
        sessions.removeIf(session -> {
            if (session.end <= watermark) {
                ended.add(session);
                return true;
            }
            return false;
        });
        ended.sort((a, b) -> Long.compare(a.end, b.end));
        return ended;
    }

    boolean isEmpty() {
        return sessions.isEmpty();
    }

    long[] storedEnds() {
        return storedEnds;
    }

    long[] ends() {
        return sessions.stream().mapToLong(s -> s.end).toArray();
    }

    private static long saturatedAdd(long time, long gap) {
        long sum = time + gap;
        return ((time ^ sum) & (gap ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
