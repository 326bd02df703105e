package dev.spindle.examples.urltrends;

import dev.spindle.api.Codec;
import dev.spindle.api.KeyBytes;
import dev.spindle.examples.clickstream.Click;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A {@link CountryClick} as it crosses the shuffle: its strings as {@link KeyBytes} (every Java
 * string, lone surrogates included, comes back as it was) with their lengths, {@code ts}, and the
 * exact amount as scale and unscaled value.
 */
final class CountryClickCodec implements Codec<CountryClick> {
    @Override
    public void write(CountryClick value, DataOutput out) throws IOException {
        Click click = value.click();
        writeString(click.id(), out);
        writeString(click.user(), out);
        writeString(click.url(), out);
        out.writeLong(click.ts());
        out.writeInt(click.amount().scale());
        byte[] unscaled = click.amount().unscaledValue().toByteArray();
        out.writeInt(unscaled.length);
        out.write(unscaled);
        writeString(value.country(), out);
    }

    @Override
    public CountryClick read(DataInput in) throws IOException {
        String id = readString(in);
        String user = readString(in);
        String url = readString(in);
        long ts = in.readLong();
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readInt()];
        in.readFully(unscaled);
        return new CountryClick(new Click(id, user, url, ts, new BigDecimal(new BigInteger(unscaled), scale)),
                readString(in));
    }

    private static void writeString(String text, DataOutput out) throws IOException {
        byte[] bytes = KeyBytes.encode(text);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return KeyBytes.decode(bytes);
    }
}
