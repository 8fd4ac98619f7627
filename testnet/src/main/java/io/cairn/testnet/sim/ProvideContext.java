package io.cairn.testnet.sim;

import io.cairn.network.dht.DhtMessage;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.Lookup;
import io.cairn.network.dht.LookupResult;
import io.cairn.network.dht.RoutingTable;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What a {@link ProvideStrategy} may do on behalf of one simulated node: run real {@link Lookup}s from it and send
 * one-way messages (ADD_PROVIDER). The simulator counts both. Callbacks run on the simulator's single loop at
 * simulated time, so a strategy needs no locking.
 */
public interface ProvideContext {
    /** The announcing node, with the addresses it announces. */
    DhtPeer self();

    /** The node's routing table (read it; do not add or remove peers: the simulator's driver does). */
    RoutingTable routingTable();

    /** Simulated time in milliseconds. */
    long now();

    /** The run's random source (seeded: a strategy that draws from it stays deterministic). */
    Random random();

    /**
     * Runs {@code lookup} from this node: the context sets {@code self}, k, alpha and seeds from the routing table,
     * then drives it over the simulated network and hands its result to {@code then} when it ends.
     */
    void lookup(Lookup.Builder lookup, Consumer<LookupResult> then);

    /** Sends {@code message}, which gets no reply, to {@code to}. */
    void send(DhtPeer to, DhtMessage message);

    /**
     * Sends one request (a FIND_NODE of a strategy that runs its own walks, as the sweep provider does) to {@code to}
     * with the simulator's latency, timeout and routing-table upkeep (the same driver a {@link #lookup} runs on), and
     * reports its outcome to {@code reply} exactly once, always from a later event. Counted as a lookup request.
     */
    void request(DhtPeer to, DhtMessage request, Reply reply);

    /** A strategy that walks with {@link #request} rather than {@link #lookup} reports the lookups it ran here. */
    void countLookups(long lookups);

    /** Runs {@code action} at simulated time {@code atMillis} (now if that has passed): a strategy's own timers. */
    void at(long atMillis, Runnable action);

    /** The outcome of one {@link #request}. */
    interface Reply {
        void answered(DhtMessage response);

        /** Refused, unknown peer or empty answer: the driver already dropped the peer from the table. */
        void failed();

        /** No answer within the request timeout: the peer is dead or silent. */
        void timedOut();
    }
}
