package io.cairn.network.dht;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.routing.ProviderStore;
import io.cairn.network.host.Host;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Configures a {@link KadDht}; the defaults are go-libp2p-kad-dht's for the public DHT. */
public final class KadDhtBuilder {
    final Host host;
    String protocol = KadDht.DEFAULT_PROTOCOL;
    DhtMode mode = DhtMode.AUTO;
    boolean loopbackNetwork;
    final List<Multiaddr> bootstrapPeers = new ArrayList<>();
    ProviderStore providerStore;
    RecordStore recordStore;
    RecordValidator validator = RecordValidator.standard();
    int bucketSize = 20;
    int alpha = 3;
    Duration requestTimeout = Duration.ofSeconds(10);
    Duration refreshInterval = Duration.ofMinutes(10);
    Duration streamIdleTimeout = Duration.ofMinutes(1);
    int maxInboundStreamsPerPeer = 16;
    int maxInboundStreams = 1024;
    PeerScores.Limits peerLimits = PeerScores.Limits.defaults();
    Clock clock = Clock.systemUTC();
    ProviderKeySet provideKeys;
    ProviderKeySet provideQueue;
    ProvideSchedule provideSchedule;
    java.util.function.Consumer<ProvideSchedule> scheduleSaver;
    Duration reprovideInterval = Duration.ofHours(22);
    Duration scheduleSaveInterval = Duration.ofMinutes(1);
    Duration provideIdleDelay = Duration.ofSeconds(1);

    KadDhtBuilder(Host host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The protocol ID ({@code Routing.DHTProtocol}); private networks and test networks use their own. */
    public KadDhtBuilder protocol(String protocolId) {
        if (!protocolId.startsWith("/")) {
            throw new IllegalArgumentException("protocol ID must start with '/': " + protocolId);
        }
        this.protocol = protocolId;
        return this;
    }

    public KadDhtBuilder mode(DhtMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * {@code Routing.LoopbackNetwork}: for networks of nodes on one machine. Keeps loopback addresses (otherwise
     * dropped from what we store, announce and dial) and turns the routing table's IP diversity filter off.
     */
    public KadDhtBuilder loopbackNetwork(boolean on) {
        this.loopbackNetwork = on;
        return this;
    }

    /** A peer to bootstrap from: a TCP multiaddr ending in {@code /p2p/ID}. */
    public KadDhtBuilder bootstrapPeer(Multiaddr address) {
        if (address.peerId().isEmpty()) {
            throw new IllegalArgumentException("bootstrap address needs /p2p/ID: " + address);
        }
        bootstrapPeers.add(address);
        return this;
    }

    public KadDhtBuilder bootstrapPeers(List<Multiaddr> addresses) {
        addresses.forEach(this::bootstrapPeer);
        return this;
    }

    /** Provider records held for others; default in memory, 20 per key and 1,000,000 in all. */
    public KadDhtBuilder providerStore(ProviderStore store) {
        this.providerStore = store;
        return this;
    }

    /** Value records held for others; default in memory, 10,000 records. */
    public KadDhtBuilder recordStore(RecordStore store) {
        this.recordStore = store;
        return this;
    }

    /** Which value records are accepted; default {@link RecordValidator#standard()} ({@code /pk}). */
    public KadDhtBuilder validator(RecordValidator v) {
        this.validator = Objects.requireNonNull(v, "validator");
        return this;
    }

    /** k: bucket size, and how many peers a lookup returns and a provide announces to. */
    public KadDhtBuilder bucketSize(int k) {
        this.bucketSize = positive(k);
        return this;
    }

    /** Concurrent requests per lookup. */
    public KadDhtBuilder alpha(int alpha) {
        this.alpha = positive(alpha);
        return this;
    }

    /** How long one request may take, dial included, before the lookup moves on. */
    public KadDhtBuilder requestTimeout(Duration d) {
        this.requestTimeout = positive(d);
        return this;
    }

    /** How often each non-empty bucket is refreshed by a lookup of a random key in its range. */
    public KadDhtBuilder refreshInterval(Duration d) {
        this.refreshInterval = positive(d);
        return this;
    }

    /** An inbound stream with no request for this long is reset (go: one minute). */
    public KadDhtBuilder streamIdleTimeout(Duration d) {
        this.streamIdleTimeout = positive(d);
        return this;
    }

    /** Inbound DHT streams open at once from one peer, and from all peers; streams past either are reset. */
    public KadDhtBuilder maxInboundStreams(int perPeer, int total) {
        this.maxInboundStreamsPerPeer = positive(perPeer);
        this.maxInboundStreams = positive(total);
        return this;
    }

    /**
     * How much a peer may ask of our server: {@code requestsPerSecond} with bursts of {@code burst} (requests past it
     * are refused and count against the peer), and how long a peer is refused once its misbehaviour (malformed
     * messages, refused requests, excess streams, requests over the rate) reaches the ban threshold. Defaults:
     * 1,000 a second, bursts of 10,000 (a sweep provider sends thousands of ADD_PROVIDER at once), 10 minutes.
     */
    public KadDhtBuilder peerLimits(double requestsPerSecond, int burst, Duration coolOff) {
        PeerScores.Limits d = PeerScores.Limits.defaults();
        this.peerLimits = new PeerScores.Limits(requestsPerSecond, burst, d.threshold(), d.decayPerSecond(),
                positive(coolOff).toMillis(), d.maxPeers());
        return this;
    }

    /** Wall clock for record lifetimes and received-times; tests may fix it. */
    public KadDhtBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Where the sweep provider ({@link KadDht#startProviding}) keeps every key it provides and the queue of keys not
     * yet provided once; default both on the heap. Persistent sets make providing survive a restart, together with
     * {@link #provideSchedule}.
     */
    public KadDhtBuilder provideKeySets(ProviderKeySet keys, ProviderKeySet queue) {
        this.provideKeys = Objects.requireNonNull(keys, "keys");
        this.provideQueue = Objects.requireNonNull(queue, "queue");
        return this;
    }

    /**
     * The schedule saved by an earlier run (null for none), and where to save it: {@code saver} is called on the DHT
     * thread at most once per {@link #scheduleSaveInterval} after it changed, and once more on close.
     */
    public KadDhtBuilder provideSchedule(ProvideSchedule restored, java.util.function.Consumer<ProvideSchedule> saver) {
        this.provideSchedule = restored;
        this.scheduleSaver = saver;
        return this;
    }

    /** How often every provided key is announced again (Kubo's {@code Provide.DHT.Interval}, 22 h). */
    public KadDhtBuilder reprovideInterval(Duration d) {
        this.reprovideInterval = positive(d);
        return this;
    }

    public KadDhtBuilder scheduleSaveInterval(Duration d) {
        this.scheduleSaveInterval = positive(d);
        return this;
    }

    /** How long the sweep waits before polling again after a poll that started nothing. */
    public KadDhtBuilder provideIdleDelay(Duration d) {
        this.provideIdleDelay = positive(d);
        return this;
    }

    /** Builds the DHT; call {@link KadDht#start()} on it. */
    public KadDht build() {
        return new HostKadDht(this);
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
        return n;
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive: " + d);
        }
        return d;
    }
}
