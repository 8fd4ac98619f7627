package io.cairn.network.dht;

import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.core.routing.ProviderStore;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server side of kad-dht as go-libp2p-kad-dht's {@code handlers.go} answers it, as a pure function of the request,
 * the routing table, the stores and the time: {@link #handle} returns the response to write, none (ADD_PROVIDER gets
 * no reply), or throws {@link DhtRequestException} for a request to refuse.
 *
 * <p>Closer peers come from the routing table (so only DHT servers), never the requester or ourselves, k of them.
 * FIND_NODE also names the target itself first when its addresses are known (go's exception that lets any peer's
 * addresses be found) and leaves out peers without addresses. Keys longer than {@value #MAX_KEY_LENGTH} bytes are
 * refused for every type (go checks provider keys; a longer key of any kind is only a cost). A GET_PROVIDERS answer
 * is cut to fit {@link DhtMessageCodec#MAX_MESSAGE_SIZE}.
 */
public final class DhtRequestHandler {
    public static final int MAX_KEY_LENGTH = 80;

    private final PeerId self;
    private final RoutingTable table;
    private final ProviderStore providers;
    private final RecordStore records;
    private final RecordValidator validator;
    private final Function<PeerId, List<Multiaddr>> addressBook;
    private final int k;

    /**
     * @param addressBook addresses of any peer we know (the host's peer store, including our own), used only to name
     *     a FIND_NODE target that is not in the routing table; may answer an empty list
     */
    public DhtRequestHandler(PeerId self, RoutingTable table, ProviderStore providers, RecordStore records,
            RecordValidator validator, Function<PeerId, List<Multiaddr>> addressBook) {
        this.self = self;
        this.table = table;
        this.providers = providers;
        this.records = records;
        this.validator = validator;
        this.addressBook = addressBook;
        this.k = table.bucketSize();
    }

    /** Answers {@code request} from {@code from} at {@code now}. */
    public Optional<DhtMessage> handle(PeerId from, DhtMessage request, long now) {
        byte[] key = request.keyUnsafe();
        if (key.length > MAX_KEY_LENGTH) {
            throw new DhtRequestException(request.type() + " key of " + key.length + " bytes exceeds "
                    + MAX_KEY_LENGTH);
        }
        if (key.length == 0 && request.type() != MessageType.PING) {
            throw new DhtRequestException(request.type() + " without a key");
        }
        return switch (request.type()) {
            case FIND_NODE -> Optional.of(findNode(from, request));
            case GET_PROVIDERS -> Optional.of(getProviders(from, request, now));
            case ADD_PROVIDER -> {
                addProvider(from, request, now);
                yield Optional.empty();
            }
            case GET_VALUE -> Optional.of(getValue(from, request, now));
            case PUT_VALUE -> Optional.of(putValue(request, now));
            case PING -> Optional.of(stripPeers(request));
        };
    }

    private DhtMessage findNode(PeerId from, DhtMessage request) {
        byte[] key = request.keyUnsafe();
        List<DhtPeer> closer = new ArrayList<>();
        PeerId target = null;
        try {
            target = PeerId.fromBytes(key);
        } catch (FormatException e) {
            // Not a peer ID (a multihash key, say): there is no target peer to name, only the nearest ones.
        }
        if (target != null) {
            List<Multiaddr> addrs = table.addresses(target);
            if (addrs.isEmpty()) {
                addrs = addressBook.apply(target);
            }
            if (!addrs.isEmpty()) {
                closer.add(DhtPeer.of(target, addrs));
            }
        }
        for (DhtPeer p : nearest(from, key)) {
            if (!p.id().equals(target) && !p.addresses().isEmpty()) {
                closer.add(p);
            }
        }
        return request.reply(null).withCloserPeers(closer);
    }

    private List<DhtPeer> nearest(PeerId from, byte[] key) {
        List<DhtPeer> out = new ArrayList<>(k);
        for (PeerId p : table.closest(Key.of(key), k + 1)) {
            if (!p.equals(from) && !p.equals(self) && out.size() < k) {
                out.add(DhtPeer.of(p, table.addresses(p)));
            }
        }
        return out;
    }

    private DhtMessage getProviders(PeerId from, DhtMessage request, long now) {
        DhtMessage resp = request.reply(request.keyUnsafe()).withCloserPeers(nearest(from, request.keyUnsafe()));
        Multihash mh = multihashOrNull(request.keyUnsafe());
        if (mh == null) {
            return resp;
        }
        int size = DhtMessageCodec.encode(resp).length;
        List<DhtPeer> found = new ArrayList<>();
        for (ProviderStore.Provider p : providers.providers(mh, now)) {
            DhtPeer peer = DhtPeer.of(p.peer(), p.addresses());
            size += DhtMessageCodec.encodedSize(peer);
            if (size > DhtMessageCodec.MAX_MESSAGE_SIZE) {
                break;
            }
            found.add(peer);
        }
        return resp.withProviderPeers(found);
    }

    private void addProvider(PeerId from, DhtMessage request, long now) {
        Multihash mh = multihashOrNull(request.keyUnsafe());
        if (mh == null) {
            throw new DhtRequestException("ADD_PROVIDER key is not a multihash");
        }
        boolean stored = false;
        for (DhtPeer p : request.providerPeers()) {
            // Only the sender may announce itself, and only with an address to reach it by (go's two checks).
            if (p.id().equals(from) && !p.addresses().isEmpty()) {
                stored |= providers.addProvider(mh, from, p.addresses(), now);
            }
        }
        if (!stored) {
            throw new DhtRequestException("ADD_PROVIDER from " + from + " names no provider record of its own");
        }
    }

    private DhtMessage getValue(PeerId from, DhtMessage request, long now) {
        DhtMessage resp = request.reply(request.keyUnsafe()).withCloserPeers(nearest(from, request.keyUnsafe()));
        Optional<DhtRecord> r = records.get(request.keyUnsafe(), now);
        return r.isPresent() ? resp.withRecord(r.get()) : resp;
    }

    private DhtMessage putValue(DhtMessage request, long now) {
        DhtRecord r = request.record();
        if (r == null) {
            throw new DhtRequestException("PUT_VALUE without a record");
        }
        if (!Arrays.equals(request.keyUnsafe(), r.keyUnsafe())) {
            throw new DhtRequestException("PUT_VALUE key does not match its record's key");
        }
        try {
            validator.validate(r.keyUnsafe(), r.valueUnsafe());
            Optional<DhtRecord> existing = records.get(r.keyUnsafe(), now);
            if (existing.isPresent()
                    && validator.select(r.keyUnsafe(), List.of(r.valueUnsafe(), existing.get().valueUnsafe())) != 0) {
                throw new DhtRequestException("PUT_VALUE record is older than the one held");
            }
        } catch (InvalidRecordException e) {
            throw new DhtRequestException("PUT_VALUE record is invalid: " + e.getMessage(), e);
        }
        String received = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(now));
        if (!records.put(r.withTimeReceived(received), now)) {
            throw new DhtRequestException("PUT_VALUE refused: the record store is full");
        }
        return stripPeers(request);
    }

    /** go strips peer lists from echoed requests, so an echo never carries peer records it did not check. */
    private static DhtMessage stripPeers(DhtMessage request) {
        return request.withCloserPeers(List.of()).withProviderPeers(List.of());
    }

    private static Multihash multihashOrNull(byte[] key) {
        try {
            return Multihash.fromBytes(key);
        } catch (FormatException e) {
            return null;
        }
    }
}
