/**
 * Cairn nodes in one JVM: each a real {@link io.cairn.network.host.Host} on loopback TCP, a kad-dht server on a
 * private protocol and Bitswap over an in-memory block store, all connections passing through one
 * {@link io.cairn.testnet.fault.FaultNetwork}. For scenarios that need many nodes, faults or hostile peers without
 * a process per node. Nodes may each have an HTTP gateway ({@code gateways(...)}); {@link InProcessUp} is the
 * {@code testnet/run up N --in-process} command built on them.
 */
package io.cairn.testnet.inproc;
