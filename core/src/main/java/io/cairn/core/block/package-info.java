/**
 * Blocks and the ports through which the rest of Cairn stores, finds and moves them: {@link BlockStore} (storage
 * implements it), {@link BlockSource} (asynchronous reads, local or from the network) and {@link BlockExchange}
 * (fetching blocks from peers). {@code ContentRouting} joins them when the DHT lands, naming peers with {@link io.cairn.core.peer.PeerId}.
 */
package io.cairn.core.block;
