package dev.spindle.examples.alerts;

import dev.spindle.api.Codec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** One accepted click's spend, as the alert job keeps it per user: its event time and exact amount. */
record Spend(long ts, BigDecimal amount) {
    /** How a spend is stored in state: {@code ts}, then the amount's scale and unscaled value. */
    static final Codec<Spend> CODEC = new Codec<>() {
        @Override
        public void write(Spend spend, DataOutput out) throws IOException {
            out.writeLong(spend.ts());
            out.writeInt(spend.amount().scale());
            byte[] unscaled = spend.amount().unscaledValue().toByteArray();
            out.writeInt(unscaled.length);
            out.write(unscaled);
        }

        @Override
        public Spend read(DataInput in) throws IOException {
            long ts = in.readLong();
            int scale = in.readInt();
            byte[] unscaled = new byte[in.readInt()];
            in.readFully(unscaled);
            return new Spend(ts, new BigDecimal(new BigInteger(unscaled), scale));
        }
    };
}
