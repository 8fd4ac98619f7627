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
}
