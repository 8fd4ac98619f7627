/**
 * The libp2p host: listens and dials over TCP, upgrades each connection (multistream-select, Noise, Yamux), keeps
 * one connection per peer for every protocol, negotiates each stream's protocol and hands it to the registered
 * {@link io.cairn.network.host.StreamHandler}. Identify and ping run on top of it as ordinary protocols.
 *
 * <p>Threading: every callback of a connection and its streams runs on that connection's Netty event loop. A
 * handler that needs to block (disk, long computation) hops to its own executor first.
 */
package io.cairn.network.host;
