/**
 * Fault injection for in-process test nodes: a {@link io.cairn.testnet.fault.FaultNetwork} puts a handler on every
 * raw TCP connection of the hosts it is given (through {@link io.cairn.network.host.ChannelHook}, under Noise) that
 * delays writes (latency, jitter, "lost" segments retransmitted late), resets connections at a rate and refuses or
 * closes connections across a partition, all following one {@link io.cairn.testnet.fault.FaultPlan} that can be
 * replaced while the nodes run.
 */
package io.cairn.testnet.fault;
