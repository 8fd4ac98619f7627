package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiformats.Multihash;
import io.cairn.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One iterative kad-dht lookup (FIND_NODE, GET_PROVIDERS or GET_VALUE) as a sans-IO state machine that follows
 * go-libp2p-kad-dht's {@code query.go} and {@code runLookupWithFollowup}.
 *
 * <p>Every peer the lookup knows is in one state: heard (not asked), waiting (asked, no answer yet), queried
 * (answered) or unreachable (failed or timed out). Seeds start heard. After each event the lookup, in go's order:
 * stops when enough providers or records were found; ends by <em>starvation</em> when no peer is heard or waiting;
 * ends the search phase when the {@code beta} nearest peers that are not unreachable have all answered; otherwise asks
 * the nearest heard peers until {@code alpha} requests are in flight. When the search phase ends (not by stopping),
 * the <em>follow-up</em> asks every peer among the {@code k} nearest not yet asked and waits for those and for the
 * in-flight ones among them, so the k nearest have all been asked; answers in the follow-up are collected (providers,
 * records) but do not add peers, as in go. Responses list at most {@code 2k} closer peers (go's cap), and with an IP
 * group limit, every peer of an IP group over the limit in one response is dropped (go's
 * {@code filterPeersByIPDiversity}).
 *
 * <p>The driver sends each returned {@link Request}, and reports its outcome exactly once with {@link #onResponse},
 * {@link #onFailure} or {@link #onTimeout} (a per-request timeout is the driver's, so one silent peer never stalls
 * the lookup). Reports for peers not waiting (late, duplicated, unsolicited) are ignored; once {@link #isDone} every
 * report is ignored and outstanding requests may be abandoned.
 */
public final class Lookup {
    /** A request for the driver to send. {@code addresses} are the ones the peer was announced with, if any. */
    public record Request(PeerId peer, List<Multiaddr> addresses, DhtMessage message) {}

    private enum PeerState { HEARD, WAITING, QUERIED, UNREACHABLE }

    private static final class Known {
        final PeerId id;
        final Key key;
        final int hop;
        List<Multiaddr> addresses;
        PeerState state = PeerState.HEARD;

        Known(PeerId id, Key key, int hop, List<Multiaddr> addresses) {
            this.id = id;
            this.key = key;
            this.hop = hop;
            this.addresses = addresses;
        }
    }

    private enum Phase { NEW, SEARCH, FOLLOW_UP, DONE }

    private final MessageType type;
    private final byte[] keyBytes;
    private final Key target;
    private final PeerId self;
    private final int alpha;
    private final int beta;
    private final int k;
    private final int enoughProviders;
    private final int quorum;
    private final boolean followUp;
    private final int ipGroupLimit;
    private final RecordValidator validator;
    private final List<DhtPeer> seeds;

    private final TreeMap<Key, Known> byDistance;
    private final Map<PeerId, Known> byId = new HashMap<>();
    private final Set<PeerId> followUpPending = new HashSet<>();
    private final Map<PeerId, DhtPeer> providers = new LinkedHashMap<>();
    private final List<LookupResult.FoundRecord> records = new ArrayList<>();
    private Phase phase = Phase.NEW;
    private LookupResult.Termination termination = LookupResult.Termination.RUNNING;
    private int waiting;
    private int heard;
    private int providerHops;
    private int requestsSent;
    private int responses;
    private int failures;
    private int timeouts;

    private Lookup(Builder b) {
        this.type = b.type;
        this.keyBytes = b.key;
        this.target = Key.of(b.key);
        this.self = Objects.requireNonNull(b.self, "self");
        this.alpha = b.alpha;
        this.beta = b.beta;
        this.k = b.k;
        this.enoughProviders = b.enoughProviders;
        this.quorum = b.quorum;
        this.followUp = b.followUp;
        this.ipGroupLimit = b.ipGroupLimit;
        this.validator = b.validator;
        this.seeds = List.copyOf(b.seeds);
        this.byDistance = new TreeMap<>(Key.byDistanceTo(target));
    }

    /** A FIND_NODE lookup for the peers nearest to {@code key} (a peer ID's bytes, a multihash's, any key). */
    public static Builder findNode(byte[] key) {
        return new Builder(MessageType.FIND_NODE, key.clone());
    }

    /** A GET_PROVIDERS lookup for {@code key}, which also yields the nearest peers. */
    public static Builder getProviders(Multihash key) {
        return new Builder(MessageType.GET_PROVIDERS, key.toBytes());
    }

    /** A GET_VALUE lookup for the record at {@code key}. */
    public static Builder getValue(byte[] key) {
        return new Builder(MessageType.GET_VALUE, key.clone());
    }

    public Key target() {
        return target;
    }

    /** Starts the lookup: the first requests, at most alpha. Call once. */
    public List<Request> start(long now) {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("lookup already started");
        }
        phase = Phase.SEARCH;
        for (DhtPeer s : seeds) {
            learn(s, 1);
        }
        if (byId.isEmpty()) {
            finish(LookupResult.Termination.NO_SEEDS);
            return List.of();
        }
        return step();
    }

    /** {@code peer} answered {@code response}; returns the requests to send next. */
    public List<Request> onResponse(PeerId peer, DhtMessage response, long now) {
        Known p = byId.get(peer);
        if (phase == Phase.DONE || phase == Phase.NEW || p == null || p.state != PeerState.WAITING) {
            return List.of();
        }
        setState(p, PeerState.QUERIED);
        responses++;
        followUpPending.remove(peer);
        if (type == MessageType.GET_PROVIDERS) {
            collectProviders(p, response.providerPeers());
        }
        if (type == MessageType.GET_VALUE) {
            collectRecord(p, response.record());
        }
        if (phase == Phase.SEARCH && !enough()) {
            for (DhtPeer c : filterCloser(response.closerPeers())) {
                learn(c, p.hop + 1);
            }
        }
        return step();
    }

    /** The request to {@code peer} failed (dial error, reset, malformed answer). */
    public List<Request> onFailure(PeerId peer, long now) {
        return unreachable(peer, false);
    }

    /** The request to {@code peer} got no answer within the driver's timeout. */
    public List<Request> onTimeout(PeerId peer, long now) {
        return unreachable(peer, true);
    }

    private List<Request> unreachable(PeerId peer, boolean timeout) {
        Known p = byId.get(peer);
        if (phase == Phase.DONE || phase == Phase.NEW || p == null || p.state != PeerState.WAITING) {
            return List.of();
        }
        setState(p, PeerState.UNREACHABLE);
        if (timeout) {
            timeouts++;
        } else {
            failures++;
        }
        followUpPending.remove(peer);
        return step();
    }

    public boolean isDone() {
        return phase == Phase.DONE;
    }

    /** Peers asked and not yet answered. */
    public List<PeerId> inFlight() {
        List<PeerId> out = new ArrayList<>();
        for (Known p : byDistance.values()) {
            if (p.state == PeerState.WAITING) {
                out.add(p.id);
            }
        }
        return out;
    }

    /** The result so far; final once {@link #isDone}. */
    public LookupResult result() {
        List<DhtPeer> closest = new ArrayList<>();
        int hops = 0;
        for (Known p : byDistance.values()) {
            if (p.state == PeerState.QUERIED) {
                if (closest.isEmpty()) {
                    hops = p.hop;
                }
                closest.add(DhtPeer.of(p.id, p.addresses));
                if (closest.size() == k) {
                    break;
                }
            }
        }
        return new LookupResult(termination, closest, new ArrayList<>(providers.values()), records, hops,
                providerHops, requestsSent, responses, failures, timeouts);
    }

    private void learn(DhtPeer peer, int hop) {
        if (peer.id().equals(self)) {
            return;
        }
        Known known = byId.get(peer.id());
        if (known != null) {
            if (known.addresses.isEmpty() && !peer.addresses().isEmpty()) {
                known.addresses = peer.addresses();
            }
            return;
        }
        Known p = new Known(peer.id(), Key.forPeer(peer.id()), hop, peer.addresses());
        byId.put(p.id, p);
        byDistance.put(p.key, p);
        heard++;
    }

    private void setState(Known p, PeerState s) {
        if (p.state == PeerState.HEARD) {
            heard--;
        } else if (p.state == PeerState.WAITING) {
            waiting--;
        }
        if (s == PeerState.WAITING) {
            waiting++;
        }
        p.state = s;
    }

    private List<DhtPeer> filterCloser(List<DhtPeer> closer) {
        List<DhtPeer> list = closer.size() > 2 * k ? closer.subList(0, 2 * k) : closer;
        if (ipGroupLimit <= 0) {
            return list;
        }
        Map<String, Set<PeerId>> byGroup = new HashMap<>();
        for (DhtPeer p : list) {
            for (String g : IpGroupFilter.groupsOf(p.addresses())) {
                byGroup.computeIfAbsent(g, x -> new HashSet<>()).add(p.id());
            }
        }
        Set<PeerId> drop = new HashSet<>();
        for (Set<PeerId> members : byGroup.values()) {
            if (members.size() > ipGroupLimit) {
                drop.addAll(members);
            }
        }
        return drop.isEmpty() ? list : list.stream().filter(p -> !drop.contains(p.id())).toList();
    }

    private void collectProviders(Known from, List<DhtPeer> found) {
        for (DhtPeer prov : found) {
            DhtPeer had = providers.get(prov.id());
            boolean room = enoughProviders == 0 || providers.size() < enoughProviders;
            if ((had == null && room) || (had != null && had.addresses().isEmpty() && !prov.addresses().isEmpty())) {
                providers.put(prov.id(), prov);
                if (providerHops == 0) {
                    providerHops = from.hop;
                }
            }
        }
    }

    private void collectRecord(Known from, DhtRecord record) {
        if (record == null || !Arrays.equals(record.keyUnsafe(), keyBytes)) {
            return;
        }
        if (validator != null) {
            try {
                validator.validate(record.keyUnsafe(), record.valueUnsafe());
            } catch (InvalidRecordException e) {
                // A bad record from one peer is that peer's lie, not the lookup's failure: it is not counted.
                return;
            }
        }
        records.add(new LookupResult.FoundRecord(from.id, record));
    }

    private boolean enough() {
        return (type == MessageType.GET_PROVIDERS && enoughProviders > 0 && providers.size() >= enoughProviders)
                || (type == MessageType.GET_VALUE && quorum > 0 && records.size() >= quorum);
    }

    private List<Request> step() {
        if (phase == Phase.SEARCH) {
            if (enough()) {
                finish(LookupResult.Termination.STOPPED);
                return List.of();
            }
            if (heard == 0 && waiting == 0) {
                return beginFollowUp(LookupResult.Termination.STARVED);
            }
            if (nearestAnswered()) {
                return beginFollowUp(LookupResult.Termination.COMPLETED);
            }
            List<Request> out = new ArrayList<>();
            for (Known p : byDistance.values()) {
                if (waiting >= alpha) {
                    break;
                }
                if (p.state == PeerState.HEARD) {
                    out.add(send(p));
                }
            }
            return out;
        }
        if (phase == Phase.FOLLOW_UP) {
            if (enough()) {
                finish(LookupResult.Termination.STOPPED);
            } else if (followUpPending.isEmpty()) {
                finish(termination);
            }
        }
        return List.of();
    }

    /** go's {@code isLookupTermination}: the beta nearest peers that are not unreachable have all answered. */
    private boolean nearestAnswered() {
        int seen = 0;
        for (Known p : byDistance.values()) {
            if (p.state == PeerState.UNREACHABLE) {
                continue;
            }
            if (p.state != PeerState.QUERIED) {
                return false;
            }
            if (++seen == beta) {
                return true;
            }
        }
        return true;
    }

    private List<Request> beginFollowUp(LookupResult.Termination reason) {
        termination = reason;
        if (!followUp) {
            finish(reason);
            return List.of();
        }
        phase = Phase.FOLLOW_UP;
        List<Request> out = new ArrayList<>();
        int counted = 0;
        for (Known p : byDistance.values()) {
            if (counted == k) {
                break;
            }
            if (p.state == PeerState.UNREACHABLE) {
                continue;
            }
            counted++;
            if (p.state == PeerState.HEARD) {
                out.add(send(p));
                followUpPending.add(p.id);
            } else if (p.state == PeerState.WAITING) {
                followUpPending.add(p.id);
            }
        }
        if (followUpPending.isEmpty()) {
            finish(reason);
        }
        return out;
    }

    private Request send(Known p) {
        setState(p, PeerState.WAITING);
        requestsSent++;
        return new Request(p.id, p.addresses, DhtMessage.request(type, keyBytes));
    }

    private void finish(LookupResult.Termination reason) {
        phase = Phase.DONE;
        termination = reason;
    }

    /** Configures a {@link Lookup}; defaults are alpha 3, beta 3, k 20, follow-up on, no early stop. */
    public static final class Builder {
        private final MessageType type;
        private final byte[] key;
        private PeerId self;
        private int alpha = 3;
        private int beta = 3;
        private int k = 20;
        private int enoughProviders;
        private int quorum;
        private boolean followUp = true;
        private int ipGroupLimit;
        private RecordValidator validator;
        private List<DhtPeer> seeds = List.of();

        private Builder(MessageType type, byte[] key) {
            if (key.length == 0) {
                throw new IllegalArgumentException("can't look up an empty key");
            }
            this.type = type;
            this.key = key;
        }

        /** The local peer, never asked and never counted. Required. */
        public Builder self(PeerId self) {
            this.self = self;
            return this;
        }

        /** The peers to start from, typically the routing table's k nearest to the target. */
        public Builder seeds(List<DhtPeer> seeds) {
            this.seeds = List.copyOf(seeds);
            return this;
        }

        /** Seeds from {@code table}: its k nearest peers to the target, with their addresses. */
        public Builder seedsFrom(RoutingTable table) {
            List<DhtPeer> s = new ArrayList<>();
            for (PeerId p : table.closest(Key.of(key), k)) {
                s.add(DhtPeer.of(p, table.addresses(p)));
            }
            this.seeds = s;
            return this;
        }

        public Builder alpha(int alpha) {
            this.alpha = positive(alpha, "alpha");
            return this;
        }

        public Builder beta(int beta) {
            this.beta = positive(beta, "beta");
            return this;
        }

        public Builder k(int k) {
            this.k = positive(k, "k");
            return this;
        }

        /** GET_PROVIDERS: stop once this many distinct providers are found; 0 finds all. */
        public Builder enoughProviders(int n) {
            this.enoughProviders = Math.max(0, n);
            return this;
        }

        /** GET_VALUE: stop once this many valid records are found; 0 asks until the lookup ends. */
        public Builder quorum(int n) {
            this.quorum = Math.max(0, n);
            return this;
        }

        /** Whether the k nearest are all asked after the search phase (go does); on by default. */
        public Builder followUp(boolean on) {
            this.followUp = on;
            return this;
        }

        /** Drop every closer peer of an IP group that has more than {@code limit} peers in one answer; 0 is off. */
        public Builder ipGroupLimit(int limit) {
            this.ipGroupLimit = Math.max(0, limit);
            return this;
        }

        /** GET_VALUE: records this validator rejects are ignored. */
        public Builder validator(RecordValidator v) {
            this.validator = v;
            return this;
        }

        public Lookup build() {
            return new Lookup(this);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be positive: " + v);
            }
            return v;
        }
    }
}
