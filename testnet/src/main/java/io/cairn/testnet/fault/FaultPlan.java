package io.cairn.testnet.fault;

import io.cairn.core.peer.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link FaultNetwork} does to the bytes its nodes exchange. Immutable; change faults at run time by giving
 * the network a new plan.
 *
 * <ul>
 *   <li>{@code latency} and {@code jitter}: every write (one TCP send) is held back {@code latency} plus a uniform
 *       random 0..{@code jitter}, one way; writes stay in order (a write never overtakes the one before it), as on
 *       one TCP connection. A round trip therefore costs at least twice the latency.
 *   <li>{@code lossRate} and {@code retransmitDelay}: the connections are TCP inside Noise, and TCP never hands a
 *       hole to the application, so a lost segment cannot be modelled by dropping bytes (Noise would see a broken
 *       frame and close the connection, which is what a reset is). Loss is modelled as what TCP makes of it: with
 *       probability {@code lossRate} a write arrives {@code retransmitDelay} later (default 200 ms, Linux's minimum
 *       retransmission timeout), and everything after it waits too (head-of-line blocking).
 *   <li>{@code resetRate}: with this probability per write the connection is closed instead (a reset): what
 *       middleboxes, crashes and NAT timeouts do, and what the protocols above must survive by redialing.
 *   <li>{@code partition}: disjoint groups of peers. Two peers in different groups cannot connect (a dial is closed
 *       as soon as it is made, so it fails) and their open connections are closed when the plan takes effect. A peer
 *       in no group reaches everyone. An empty list heals every partition.
 * </ul>
 */
public final class FaultPlan {
    /** No fault at all. */
    public static final FaultPlan NONE = new FaultPlan(Duration.ZERO, Duration.ZERO, 0, Duration.ofMillis(200), 0,
            List.of());

    private final Duration latency;
    private final Duration jitter;
    private final double lossRate;
    private final Duration retransmitDelay;
    private final double resetRate;
    private final List<Set<PeerId>> partition;

    private FaultPlan(Duration latency, Duration jitter, double lossRate, Duration retransmitDelay, double resetRate,
            List<Set<PeerId>> partition) {
        this.latency = nonNegative(latency, "latency");
        this.jitter = nonNegative(jitter, "jitter");
        this.lossRate = probability(lossRate, "lossRate");
        this.retransmitDelay = nonNegative(retransmitDelay, "retransmitDelay");
        this.resetRate = probability(resetRate, "resetRate");
        Set<PeerId> seen = new HashSet<>();
        List<Set<PeerId>> groups = new ArrayList<>();
        for (Set<PeerId> g : partition) {
            for (PeerId p : g) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("peer " + p + " is in two partition groups");
                }
            }
            groups.add(Set.copyOf(g));
        }
        this.partition = List.copyOf(groups);
    }

    public FaultPlan withLatency(Duration latency, Duration jitter) {
        return new FaultPlan(latency, jitter, lossRate, retransmitDelay, resetRate, partition);
    }

    public FaultPlan withLoss(double rate, Duration retransmitDelay) {
        return new FaultPlan(latency, jitter, rate, retransmitDelay, resetRate, partition);
    }

    public FaultPlan withResetRate(double rate) {
        return new FaultPlan(latency, jitter, lossRate, retransmitDelay, rate, partition);
    }

    /** The same plan with {@code groups} split from each other (replacing any earlier partition). */
    public FaultPlan withPartition(List<Set<PeerId>> groups) {
        return new FaultPlan(latency, jitter, lossRate, retransmitDelay, resetRate, groups);
    }

    /** The same plan with every partition healed. */
    public FaultPlan healed() {
        return withPartition(List.of());
    }

    public Duration latency() {
        return latency;
    }

    public Duration jitter() {
        return jitter;
    }

    public double lossRate() {
        return lossRate;
    }

    public Duration retransmitDelay() {
        return retransmitDelay;
    }

    public double resetRate() {
        return resetRate;
    }

    public List<Set<PeerId>> partition() {
        return partition;
    }

    /** Whether the partition keeps {@code a} and {@code b} apart: both are in groups, and not the same one. */
    public boolean separates(PeerId a, PeerId b) {
        int ga = groupOf(a);
        int gb = groupOf(b);
        return ga >= 0 && gb >= 0 && ga != gb;
    }

    private int groupOf(PeerId p) {
        for (int i = 0; i < partition.size(); i++) {
            if (partition.get(i).contains(p)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether any write is delayed. */
    boolean delays() {
        return !latency.isZero() || !jitter.isZero() || (lossRate > 0 && !retransmitDelay.isZero());
    }

    private static Duration nonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        return d;
    }

    private static double probability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1]: " + p);
        }
        return p;
    }

    @Override
    public String toString() {
        return "latency " + latency.toMillis() + " ms + 0.." + jitter.toMillis() + " ms, loss " + lossRate
                + " (+" + retransmitDelay.toMillis() + " ms), resets " + resetRate + ", partition "
                + partition.stream().map(Set::size).toList();
    }
}
