package io.cairn.testnet.adversary;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import io.cairn.network.dht.DhtMessage;
import io.cairn.network.dht.DhtMessageCodec;
import io.cairn.network.dht.DhtPeer;
import io.cairn.network.dht.Key;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import io.cairn.network.host.StreamHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The DHT protocol as a liar speaks it. Every FIND_NODE and GET_PROVIDERS is answered, promptly and well-formed, with:
 *
 * <ul>
 *   <li>closer peers: the liar itself first, then {@value #FAKES} invented peers whose keys share at least
 *       {@value #PREFIX_BITS} leading bits with the target (ground for, so a lookup ranks them nearest), half with an
 *       address where nothing listens and half with the liar's own address (a dial there meets the wrong key);
 *   <li>provider peers (GET_PROVIDERS): the liar itself (it has no block, only corrupt bytes),
 *       {@value #FAKE_PROVIDERS} invented peers at a dead address and an honest peer that never announced the key.
 * </ul>
 *
 * Other requests get an empty answer (ADD_PROVIDER none). Stream errors reset the stream.
 */
final class LyingDhtHandler implements StreamHandler {
    static final int FAKES = 6;
    static final int PREFIX_BITS = 8;
    /**
     * More than the 10 providers a node's Bitswap asks its DHT for: a provider lookup that meets a liar early ends
     * with invented providers only, and the fetch must search again.
     */
    static final int FAKE_PROVIDERS = 12;

    private final Host host;
    private final Multiaddr deadAddress;
    private final Supplier<List<PeerId>> honestPeers;
    private final SplittableRandom random;
    final Set<PeerId> fakes = ConcurrentHashMap.newKeySet();
    final AtomicLong findNodeLies = new AtomicLong();
    final AtomicLong getProvidersLies = new AtomicLong();
    final AtomicLong fakePeersSent = new AtomicLong();

    LyingDhtHandler(Host host, Multiaddr deadAddress, Supplier<List<PeerId>> honestPeers, long seed) {
        this.host = host;
        this.deadAddress = deadAddress;
        this.honestPeers = honestPeers;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void handle(P2pStream stream) {
        next(stream);
    }

    private void next(P2pStream s) {
        s.readMessage(DhtMessageCodec.MAX_MESSAGE_SIZE).whenComplete((bytes, e) -> {
            if (e != null) {
                s.reset();
                return;
            }
            if (bytes == null) {
                s.closeWrite();
                return;
            }
            DhtMessage answer;
            try {
                answer = lie(DhtMessageCodec.decode(bytes));
            } catch (RuntimeException bad) {
                s.reset();
                return;
            }
            if (answer == null) {
                next(s);
                return;
            }
            s.writeMessage(DhtMessageCodec.encode(answer)).whenComplete((v, we) -> {
                if (we != null) {
                    s.reset();
                } else {
                    next(s);
                }
            });
        });
    }

    private DhtMessage lie(DhtMessage request) {
        byte[] key = request.key();
        switch (request.type()) {
            case FIND_NODE -> {
                findNodeLies.incrementAndGet();
                return request.reply(key).withCloserPeers(closer(key));
            }
            case GET_PROVIDERS -> {
                getProvidersLies.incrementAndGet();
                List<DhtPeer> providers = new ArrayList<>();
                providers.add(self());
                for (int i = 0; i < FAKE_PROVIDERS; i++) {
                    providers.add(DhtPeer.of(fakeNear(key), List.of(deadAddress)));
                }
                fakePeersSent.addAndGet(FAKE_PROVIDERS);
                List<PeerId> honest = honestPeers.get();
                if (!honest.isEmpty()) {
                    PeerId innocent;
                    synchronized (random) {
                        innocent = honest.get(random.nextInt(honest.size()));
                    }
                    providers.add(DhtPeer.of(innocent, host.peerStore().addresses(innocent)));
                }
                return request.reply(key).withCloserPeers(closer(key)).withProviderPeers(providers);
            }
            case ADD_PROVIDER -> {
                return null;
            }
            default -> {
                return request.reply(key);
            }
        }
    }

    private DhtPeer self() {
        return DhtPeer.of(host.peerId(), host.listenAddresses());
    }

    private List<DhtPeer> closer(byte[] key) {
        List<DhtPeer> out = new ArrayList<>();
        out.add(self());
        for (int i = 0; i < FAKES; i++) {
            List<Multiaddr> where = i % 2 == 0 ? List.of(deadAddress) : host.listenAddresses();
            out.add(DhtPeer.of(fakeNear(key), where));
        }
        fakePeersSent.addAndGet(FAKES);
        return out;
    }

    /** An invented (hashed, keyless) peer ID whose key shares {@link #PREFIX_BITS} leading bits with the target. */
    private PeerId fakeNear(byte[] key) {
        Key target = Key.of(key);
        byte[] seed = new byte[32];
        while (true) {
            synchronized (random) {
                random.nextBytes(seed);
            }
            PeerId p = PeerId.fromMultihash(Multihash.digest(HashFunction.SHA2_256, seed));
            if (Key.forPeer(p).commonPrefixLength(target) >= PREFIX_BITS) {
                fakes.add(p);
                return p;
            }
        }
    }
}
