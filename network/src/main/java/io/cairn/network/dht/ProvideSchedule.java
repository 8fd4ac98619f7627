package io.cairn.network.dht;

import io.cairn.core.multiformats.Varint;
import io.cairn.core.multiformats.VarintFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reprovide schedule of a {@link SweepProvider}: the keyspace regions that hold provided keys, how many keys each
 * holds, and when each is next due; plus the cycle's start, its length and the region prefix length in use. It is
 * small (one entry per region, at most one per key) and is what a node persists with {@link #encode()} so that the
 * schedule survives a restart; the keys themselves live in a {@link ProviderKeySet}.
 *
 * <p>Timing. The interval is cut into slots by keyspace position: a region of prefix length n whose prefix, XORed with
 * the first n bits of the node's own key, reads as the number r, has its slot at {@code cycleStart + interval * r /
 * 2^n} (modulo the interval). Regions are therefore visited in keyspace order (relabelled by the XOR, so that the
 * node's own neighbourhood comes first and nodes do not all sweep the same region at once), spread evenly over the
 * interval: a sweep. The XOR keeps slots nested: the slots of a region's subregions lie inside the region's own slot
 * width, so splitting or merging regions moves a slot by at most that width (go-libp2p-kad-dht's
 * {@code reprovideTimeForPrefix} works the same way). After a region is swept at t, its next time is its first slot
 * after t + interval/2, but at most {@code t + interval + maxDelay}: every key is reprovided at least once per
 * interval plus that delay, and no region twice within half an interval.
 *
 * <p>Invariants: regions are pairwise disjoint; each holds at least one key; {@code byDue} indexes exactly the
 * entries. Times are milliseconds on the driver's clock. Not thread-safe; the provider owns it.
 */
public final class ProvideSchedule {
    /** One scheduled region. */
    public record Entry(KeyspaceRegion region, long nextDue, long keys) {}

    /** 2^33 ms, about 99 days: keeps slot arithmetic inside a long. */
    static final long MAX_INTERVAL = 1L << 33;
    private static final int VERSION = 1;
    private static final int SLOT_BITS = 30;
    private static final long NO_CYCLE = Long.MIN_VALUE;
    private static final Comparator<Entry> BY_DUE =
            Comparator.comparingLong(Entry::nextDue).thenComparing(Entry::region);

    private final long interval;
    private long cycleStart = NO_CYCLE;
    private int prefixLength = -1;
    private final TreeMap<KeyspaceRegion, Entry> regions = new TreeMap<>();
    private final TreeSet<Entry> byDue = new TreeSet<>(BY_DUE);

    private ProvideSchedule(long interval) {
        this.interval = interval;
    }

    /** An empty schedule reproviding every key once per {@code intervalMillis}. */
    public static ProvideSchedule create(long intervalMillis) {
        if (intervalMillis < 1 || intervalMillis > MAX_INTERVAL) {
            throw new IllegalArgumentException("reprovide interval " + intervalMillis + " ms");
        }
        return new ProvideSchedule(intervalMillis);
    }

    public long interval() {
        return interval;
    }

    /** When the first cycle started; {@code Long.MIN_VALUE} until the provider first ran. */
    public long cycleStart() {
        return cycleStart;
    }

    /** The prefix length given to a new region; -1 until learnt from the routing table. */
    public int prefixLength() {
        return prefixLength;
    }

    public int regionCount() {
        return regions.size();
    }

    /** The scheduled regions in keyspace order. */
    public List<Entry> entries() {
        return List.copyOf(regions.values());
    }

    /** The entry of exactly {@code region}, or null. */
    public Entry entry(KeyspaceRegion region) {
        return regions.get(region);
    }

    /** The scheduled region holding {@code point}, or null. */
    public Entry find(Key point) {
        Map.Entry<KeyspaceRegion, Entry> e = regions.floorEntry(KeyspaceRegion.of(point, Key.BITS));
        return e != null && e.getKey().contains(point) ? e.getValue() : null;
    }

    /** A deep copy. */
    public ProvideSchedule copy() {
        ProvideSchedule c = new ProvideSchedule(interval);
        c.cycleStart = cycleStart;
        c.prefixLength = prefixLength;
        for (Entry e : regions.values()) {
            c.put(e);
        }
        return c;
    }

    void startCycle(long now) {
        if (cycleStart == NO_CYCLE) {
            cycleStart = now;
        }
    }

    void prefixLength(int length) {
        this.prefixLength = Math.max(0, Math.min(Key.BITS, length));
    }

    /** Scheduled regions inside {@code r}, {@code r} itself included. */
    List<Entry> inside(KeyspaceRegion r) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : regions.subMap(r, true, KeyspaceRegion.of(r.last(), Key.BITS), true).values()) {
            if (r.contains(e.region())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Adds or replaces the entry of {@code e.region()}; the caller keeps regions disjoint. */
    void put(Entry e) {
        remove(e.region());
        regions.put(e.region(), e);
        byDue.add(e);
    }

    void remove(KeyspaceRegion r) {
        Entry old = regions.remove(r);
        if (old != null) {
            byDue.remove(old);
        }
    }

    /** Entries in order of due time (ties in keyspace order). */
    Iterable<Entry> byDue() {
        return byDue;
    }

    /** Where {@code r}'s slot falls inside a cycle, from 0 to the interval. */
    long offset(KeyspaceRegion r, Key order) {
        int m = Math.min(r.length(), SLOT_BITS);
        if (m == 0) {
            return 0;
        }
        long rank = r.topBits(m) ^ KeyspaceRegion.of(order, m).topBits(m);
        return interval * rank >> m;
    }

    /** The first slot of {@code r} strictly after {@code after}. */
    long nextSlot(KeyspaceRegion r, Key order, long after) {
        long base = (cycleStart == NO_CYCLE ? 0 : cycleStart) + offset(r, order);
        return after - Math.floorMod(after - base, interval) + interval;
    }

    /** When {@code r}, swept (or first provided) at {@code sweptAt}, is due next; see the class comment. */
    long nextDue(KeyspaceRegion r, Key order, long sweptAt, long maxDelay) {
        return Math.min(nextSlot(r, order, sweptAt + interval / 2), sweptAt + interval + maxDelay);
    }

    /** The cycle number of {@code now}: 0 from cycleStart for one interval, and so on. */
    long cycle(long now) {
        return cycleStart == NO_CYCLE ? 0 : Math.floorDiv(now - cycleStart, interval);
    }

    /**
     * The bytes to persist: version, interval, cycle start, prefix length, then each region (prefix length, prefix
     * bytes, next time, key count) in keyspace order.
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + regions.size() * 16);
        out.write(VERSION);
        Varint.write(interval, out);
        writeLong(out, cycleStart);
        Varint.write(prefixLength + 1L, out);
        Varint.write(regions.size(), out);
        for (Entry e : regions.values()) {
            Varint.write(e.region().length(), out);
            out.writeBytes(e.region().prefixBytes());
            writeLong(out, e.nextDue());
            Varint.write(e.keys(), out);
        }
        return out.toByteArray();
    }

    /** Reads {@link #encode()}'s bytes; throws only {@link ProvideScheduleFormatException} for bad input. */
    public static ProvideSchedule decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.hasRemaining() ? in.get() : -1;
            if (version != VERSION) {
                throw new ProvideScheduleFormatException("not a version " + VERSION + " provide schedule");
            }
            long interval = Varint.read(in);
            if (interval < 1 || interval > MAX_INTERVAL) {
                throw new ProvideScheduleFormatException("reprovide interval " + interval + " out of range");
            }
            ProvideSchedule s = new ProvideSchedule(interval);
            s.cycleStart = readLong(in);
            long prefix = Varint.read(in) - 1;
            if (prefix < -1 || prefix > Key.BITS) {
                throw new ProvideScheduleFormatException("prefix length " + prefix + " out of range");
            }
            s.prefixLength = (int) prefix;
            long count = Varint.read(in);
            // Each entry takes at least 10 bytes, so a huge count cannot make us loop or allocate.
            if (count < 0 || count > in.remaining() / 10) {
                throw new ProvideScheduleFormatException(count + " regions in " + in.remaining() + " bytes");
            }
            KeyspaceRegion previous = null;
            for (long i = 0; i < count; i++) {
                long length = Varint.read(in);
                if (length < 0 || length > Key.BITS) {
                    throw new ProvideScheduleFormatException("region prefix of " + length + " bits");
                }
                byte[] prefixBytes = new byte[(int) (length + 7) / 8];
                if (in.remaining() < prefixBytes.length + 8) {
                    throw new ProvideScheduleFormatException("truncated region");
                }
                in.get(prefixBytes);
                KeyspaceRegion r;
                try {
                    r = KeyspaceRegion.fromPrefixBytes(prefixBytes, (int) length);
                } catch (IllegalArgumentException e) {
                    throw new ProvideScheduleFormatException("bad region prefix: " + e.getMessage());
                }
                if (previous != null && (previous.compareTo(r) >= 0 || previous.overlaps(r))) {
                    throw new ProvideScheduleFormatException("regions out of order or overlapping at " + r);
                }
                long due = in.getLong();
                long keys = Varint.read(in);
                if (keys < 1) {
                    throw new ProvideScheduleFormatException("region " + r + " holds " + keys + " keys");
                }
                s.put(new Entry(r, due, keys));
                previous = r;
            }
            if (in.hasRemaining()) {
                throw new ProvideScheduleFormatException(in.remaining() + " trailing bytes");
            }
            return s;
        } catch (VarintFormatException e) {
            throw new ProvideScheduleFormatException("bad varint: " + e.getMessage());
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static long readLong(ByteBuffer in) {
        if (in.remaining() < 8) {
            throw new ProvideScheduleFormatException("truncated time");
        }
        return in.getLong();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProvideSchedule s && interval == s.interval && cycleStart == s.cycleStart
                && prefixLength == s.prefixLength && regions.equals(s.regions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, cycleStart, prefixLength, regions);
    }

    @Override
    public String toString() {
        return "ProvideSchedule[interval=" + interval + ", cycleStart=" + cycleStart + ", prefixLength="
                + prefixLength + ", regions=" + regions.size() + "]";
    }
}
