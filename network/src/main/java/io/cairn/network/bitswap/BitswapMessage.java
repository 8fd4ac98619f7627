package io.cairn.network.bitswap;

import io.cairn.core.block.Block;
import io.cairn.core.multiformats.Cid;
import java.util.List;

/**
 * One Bitswap message as values: wantlist changes (or a full wantlist), blocks, and block presences. Every block
 * in a decoded message carries the CID computed from its prefix and bytes, so a block is always true to its own
 * CID; whether that CID is one that was asked for is the client's question.
 */
record BitswapMessage(List<Entry> wantlist, boolean full, List<Block> blocks, List<Presence> presences,
        int pendingBytes) {
    static final BitswapMessage EMPTY = new BitswapMessage(List.of(), false, List.of(), List.of(), 0);

    BitswapMessage {
        wantlist = List.copyOf(wantlist);
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }

    static BitswapMessage wants(List<Entry> entries, boolean full) {
        return new BitswapMessage(entries, full, List.of(), List.of(), 0);
    }

    boolean isEmpty() {
        return wantlist.isEmpty() && !full && blocks.isEmpty() && presences.isEmpty();
    }

    enum WantType { BLOCK, HAVE }

    enum PresenceType { HAVE, DONT_HAVE }

    /** A wantlist entry; a cancel carries only the CID that it revokes. */
    record Entry(Cid cid, int priority, boolean cancel, WantType type, boolean sendDontHave) {
        static Entry want(Cid cid, int priority, WantType type, boolean sendDontHave) {
            return new Entry(cid, priority, false, type, sendDontHave);
        }

        static Entry cancel(Cid cid) {
            return new Entry(cid, 0, true, WantType.BLOCK, false);
        }
    }

    record Presence(Cid cid, PresenceType type) {}
}
