/**
 * Bitswap 1.2.0, 1.1.0 and 1.0.0 (ipfs/specs bitswap-protocol.md, as boxo and @helia/bitswap speak it): the wire
 * codec, a server that answers peers' wantlists from the block store fairly and with bounded memory per peer, and
 * client sessions that fetch blocks from connected peers (and peers a provider finder names), verify each against
 * its CID, and drop peers that send blocks nobody asked for. {@link io.cairn.network.bitswap.Bitswap} is the entry
 * point and a {@link io.cairn.core.block.BlockExchange}.
 */
package io.cairn.network.bitswap;
