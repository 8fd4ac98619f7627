/**
 * The discrete-event simulator of Cairn's kad-dht at sizes one machine cannot run for real (issue "testnet", item 4).
 *
 * <p>Every simulated node runs the real sans-IO DHT code of {@code io.cairn.network.dht}: its own
 * {@link io.cairn.network.dht.RoutingTable}, {@link io.cairn.network.dht.DhtRequestHandler} over a
 * {@link io.cairn.network.dht.MemoryProviderStore}, and real {@link io.cairn.network.dht.Lookup}s. What is simulated is
 * only what lies outside that code: time (an event queue, no threads, no sleeping), the links (a latency per pair of
 * nodes, a request timeout), churn and adversarial peers. A run is bounded in events and in simulated time, and is a
 * function of its {@link io.cairn.testnet.sim.SimConfig} (seed included): the same config gives the same figures.
 *
 * <p>Entry points: {@link io.cairn.testnet.sim.SimulatorMain} (the {@code testnet/run simulate} command) and
 * {@link io.cairn.testnet.sim.Simulator#run}. How announcements are made is pluggable through
 * {@link io.cairn.testnet.sim.ProvideStrategy}, so the sweep provider is measured beside one lookup per CID.
 */
package io.cairn.testnet.sim;
