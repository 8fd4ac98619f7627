package io.cairn.core.routing;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider records: which peers announced that they hold the content of a multihash. Keyed by multihash, not CID, so
 * CIDv0 and CIDv1 of the same bytes meet (spec). Time is the caller's clock in milliseconds; an implementation never
 * reads a clock. Implementations keep the bounds of their {@link ProviderLimits}, and at most
 * {@link #MAX_ADDRESSES} addresses of at most {@link #MAX_ADDRESS_BYTES} bytes in all per record
 * ({@link #keptAddresses}), so a peer that floods announcements cannot grow them without limit.
 *
 * <p>An implementation backed by storage throws {@link java.io.UncheckedIOException} when its storage fails.
 */
public interface ProviderStore {
    /** Addresses kept per record; Kubo nodes announce about ten. */
    int MAX_ADDRESSES = 32;
    /** Encoded bytes of the addresses kept per record, in all. */
    int MAX_ADDRESS_BYTES = 4096;

    /** A provider of a key; {@code addresses} is empty once they are older than the store keeps addresses. */
    record Provider(PeerId peer, List<Multiaddr> addresses) {
        public Provider {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Records that {@code provider}, reachable at {@code addresses} (as far as {@link #keptAddresses} keeps them),
     * provides {@code key} from {@code now} on (a repeated announcement refreshes it and replaces its addresses).
     * False when the store refused it for lack of room.
     */
    boolean addProvider(Multihash key, PeerId provider, List<Multiaddr> addresses, long now);

    /** The unexpired providers of {@code key}, in no particular order. */
    List<Provider> providers(Multihash key, long now);

    /** Drops every record expired at {@code now}; the driver calls it now and then. */
    void removeExpired(long now);

    /** Keys with at least one record (expired ones included until {@link #removeExpired}). */
    int keyCount();

    /** Provider records held (expired ones included until {@link #removeExpired}). */
    int recordCount();

    /**
     * The addresses a store keeps of an announcement: the leading ones, up to {@link #MAX_ADDRESSES} of them and
     * while their encoded sizes add up to at most {@link #MAX_ADDRESS_BYTES}. Every implementation keeps exactly
     * these, so they answer alike.
     */
    static List<Multiaddr> keptAddresses(List<Multiaddr> addresses) {
        List<Multiaddr> kept = new ArrayList<>(Math.min(addresses.size(), MAX_ADDRESSES));
        int bytes = 0;
        for (Multiaddr a : addresses) {
            bytes += a.byteLength();
            if (kept.size() == MAX_ADDRESSES || bytes > MAX_ADDRESS_BYTES) {
                break;
            }
            kept.add(a);
        }
        return List.copyOf(kept);
    }
}
