package io.cairn.gateway;

import io.cairn.core.multiformats.Cid;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * CIDs and their text forms the gateway converted recently: a request names its root as text (base58 for CIDv0,
 * which decodes through big-number arithmetic) and the response names every CID on its path again as text, in
 * {@code Etag} and {@code X-Ipfs-Roots}; a site's requests share a few roots and directories, and converting them
 * afresh each time was a tenth of a small file's serving cost.
 *
 * <p>Both conversions are pure functions, so a remembered answer is always right. Each cache is a fixed array of
 * {@value #SLOTS} slots indexed by hash, a newer entry replacing an older one in its slot: bounded, and lock-free
 * (a slot holds one immutable pair, read and written whole).
 */
final class CidTexts {
    /** A power of two; 8,192 slots keep most of a 1,000-file directory's CIDs in place (1,024 thrashed). */
    static final int SLOTS = 8192;

    private record Pair(String text, Cid cid) {
    }

    private static final AtomicReferenceArray<Pair> BY_TEXT = new AtomicReferenceArray<>(SLOTS);
    private static final AtomicReferenceArray<Pair> BY_CID = new AtomicReferenceArray<>(SLOTS);

    private CidTexts() {}

    /** {@link Cid#parse}, remembered; throws what it throws for text that is not a CID. */
    static Cid parse(String text) {
        int slot = slot(text.hashCode());
        Pair p = BY_TEXT.get(slot);
        if (p != null && p.text.equals(text)) {
            return p.cid;
        }
        Cid cid = Cid.parse(text);
        BY_TEXT.set(slot, new Pair(text, cid));
        return cid;
    }

    /** {@link Cid#toString}, remembered. */
    static String text(Cid cid) {
        int slot = slot(cid.hashCode());
        Pair p = BY_CID.get(slot);
        if (p != null && p.cid.equals(cid)) {
            return p.text;
        }
        String text = cid.toString();
        BY_CID.set(slot, new Pair(text, cid));
        return text;
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
