package io.cairn.node.rpc;

import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.ipld.DagTraversal;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.Pinner;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds which recursive pin keeps blocks that have no pin of their own, for Kubo's {@code indirect through <root>}
 * ({@code pin ls CID}) and {@code pinned via <root>} ({@code block rm}, on the repository and through the
 * daemon). Blocks are matched by multihash, so either CID version of a block is found. One search walks each
 * recursive pin's DAG at most once, stopping as soon as every target is found.
 */
public final class PinSearch {
    private PinSearch() {}

    /** Stops a walk once nothing is left to find. */
    private static final class Done extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Done() {
            super(null, null, false, false);
        }
    }

    /**
     * For each target reachable from a recursive pin other than itself, the first such pin's root (in the order
     * the pinner lists them). Targets reached by none are absent from the result.
     */
    public static Map<Multihash, Cid> recursiveRootsReaching(Pinner pins, BlockSource blocks, List<Cid> targets)
            throws IOException {
        Set<Multihash> left = new HashSet<>();
        for (Cid c : targets) {
            left.add(c.multihash());
        }
        Map<Multihash, Cid> found = new HashMap<>();
        Iterator<Pin> recursive = pins.list(PinType.RECURSIVE);
        while (!left.isEmpty() && recursive.hasNext()) {
            Cid root = recursive.next().cid();
            try {
                // Pins made before links were read in every codec may stand on blocks of unknown codecs: leaves.
                DagTraversal.walk(blocks, root, DagTraversal.UnknownCodecs.LEAF, block -> {
                    Multihash mh = block.cid().multihash();
                    if (!block.cid().equals(root) && left.remove(mh)) {
                        found.put(mh, root);
                        if (left.isEmpty()) {
                            throw new Done();
                        }
                    }
                });
            } catch (Done done) {
                break;
            }
        }
        return found;
    }
}
