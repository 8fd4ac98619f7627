/**
 * The libp2p-compatible network stack (not yet built; see issues "Network I-III"): peer identity and keys, TCP with
 * multistream-select, Noise and Yamux, identify and ping, the Kademlia DHT with provider records, and Bitswap.
 */
package io.cairn.network;
