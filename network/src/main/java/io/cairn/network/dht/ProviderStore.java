package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.List;

/**
 * Provider records: which peers announced that they hold the content of a multihash. Keyed by multihash, not CID, so
 * CIDv0 and CIDv1 of the same bytes meet (spec). Time is the caller's clock in milliseconds; an implementation never
 * reads a clock. Implementations bound their size, so a peer that floods announcements cannot grow them without
 * limit.
 */
public interface ProviderStore {
    /** A provider of a key; {@code addresses} is empty once they are older than the store keeps addresses. */
    record Provider(PeerId peer, List<Multiaddr> addresses) {
        public Provider {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Records that {@code provider}, reachable at {@code addresses}, provides {@code key} from {@code now} on (a
     * repeated announcement refreshes it). False when the store refused it for lack of room.
     */
    boolean addProvider(Multihash key, PeerId provider, List<Multiaddr> addresses, long now);

    /** The unexpired providers of {@code key}. */
    List<Provider> providers(Multihash key, long now);

    /** Drops every record expired at {@code now}; the driver calls it now and then. */
    void removeExpired(long now);

    /** Keys with at least one record (expired ones included until {@link #removeExpired}). */
    int keyCount();

    /** Provider records held (expired ones included until {@link #removeExpired}). */
    int recordCount();
}
