/**
 * Blocks and the ports through which the rest of Cairn stores, finds and moves them: {@link BlockStore} (storage
 * implements it), {@link BlockSource} (asynchronous reads, local or from the network) and {@link BlockExchange}
 * (fetching blocks from peers). {@code ContentRouting} joins them with the network's {@code PeerId}.
 */
package io.cairn.core.block;
