/**
 * The libp2p-compatible network stack: uvarint framing ({@code wire}), multistream-select, Noise, Yamux (behind the
 * {@code mux} contract), the host with identify and ping ({@code host}), the Kademlia DHT ({@code dht}) and Bitswap
 * ({@code bitswap}). See docs/network.md for the layers and the rules they keep.
 */
package io.cairn.network;
