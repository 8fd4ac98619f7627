package io.cairn.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes processed, as a JMH counter. JMH divides an OPERATIONS counter by the iteration's time, so with
 * {@code @OutputTimeUnit(SECONDS)} the secondary result {@code mb} reads directly as MB/s (10^6 bytes a second),
 * whatever the size of one benchmark call.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteRate {
    /** Megabytes (10^6 bytes) processed in the current iteration. Public: JMH reads it by reflection. */
    public double mb;

    @Setup(Level.Iteration)
    public void reset() {
        mb = 0;
    }

    void add(long bytes) {
        mb += bytes / 1e6;
    }
}
