package io.cairn.core.block;

/**
 * Fetches blocks from peers (Bitswap). A block exchange is a {@link BlockSource} whose blocks come from the
 * network; every block it completes with has been verified against its CID.
 */
public interface BlockExchange extends BlockSource {}
