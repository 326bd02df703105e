package dev.spindle.api.window;

import dev.spindle.api.KeyBytes;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/** The accumulator encodings of the ready-made aggregates: longs, exact decimals and strings, in sequence. */
final class Bytes {
    private Bytes() {}

    /** Builds an encoding field by field. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer putLong(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
            return this;
        }

        Writer putInt(int value) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(value >>> shift);
            }
            return this;
        }

        Writer putBytes(byte[] bytes) {
            putInt(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        /** A string as its {@link KeyBytes} (every Java string round-trips, lone surrogates included). */
        Writer putString(String value) {
            return putBytes(KeyBytes.encode(value));
        }

        Writer putDecimal(BigDecimal value) {
            putInt(value.scale());
            return putBytes(value.unscaledValue().toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads an encoding field by field, in the order it was written. */
    static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        long getLong() {
            return in.getLong();
        }

        int getInt() {
            return in.getInt();
        }

        byte[] getBytes() {
            byte[] bytes = new byte[in.getInt()];
            in.get(bytes);
            return bytes;
        }

        String getString() {
            return KeyBytes.decode(getBytes());
        }

        BigDecimal getDecimal() {
            int scale = in.getInt();
            return new BigDecimal(new BigInteger(getBytes()), scale);
        }

        boolean hasMore() {
            return in.hasRemaining();
        }
    }

    /** Orders strings by Unicode code point, as their {@link KeyBytes} order unsigned. */
    static int compareCodePoints(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; ) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
        }
        return Integer.compare(a.length(), b.length());
    }
}
