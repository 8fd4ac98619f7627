package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.network.yamux.YamuxConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Host} on Netty NIO. State shared across event loops (connections, handlers, limits) lives in
 * concurrent maps; each connection's own state stays on its event loop.
 *
 * <p>Limits: every channel, upgraded or not, counts against {@code maxConnections}, and inbound channels also
 * against {@code maxConnectionsPerIp}; a channel past a limit is closed before any byte is read. Connections
 * with no stream open for {@code idleTimeout} are closed by a periodic sweep.
 */
final class NettyHost implements Host {
    static final Logger LOG = LoggerFactory.getLogger(NettyHost.class);
    private static final Duration DIALED_ADDRESS_TTL = Duration.ofHours(1);

    private final HostBuilder config;
    private final EventLoopGroup group;
    private final PeerStore peerStore;
    private final IdentifyProtocol identify;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Map<PeerId, List<LiveConnection>> connections = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final AtomicInteger channels = new AtomicInteger();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private NettyHost(HostBuilder config) {
        this.config = config;
        this.group = new NioEventLoopGroup(config.eventLoopThreads);
        this.peerStore = config.peerStore != null ? config.peerStore : new MemoryPeerStore(10_000);
        this.identify = new IdentifyProtocol(this);
        handlers.put(IdentifyProtocol.ID, identify::serve);
        handlers.put(IdentifyProtocol.PUSH, identify::servePush);
        handlers.put(PingProtocol.ID, PingProtocol::serve);
    }

    static Host start(HostBuilder config) throws IOException {
        NettyHost host = new NettyHost(config);
        // As Kubo does, one address that cannot be bound (no IPv6 on this machine, a port in use) costs a warning,
        // not the node; only when none binds is it an error.
        IOException firstFailure = null;
        try {
            for (Multiaddr a : config.listen) {
                try {
                    host.bind(a);
                } catch (IOException e) {
                    LOG.warn("{}", e.getMessage());
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
            if (firstFailure != null && host.listenAddresses.isEmpty()) {
                throw firstFailure;
            }
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
        long sweep = Math.max(1, Math.min(30_000, config.idleTimeout.toMillis() / 2));
        host.group.scheduleAtFixedRate(host::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        return host;
    }

    private void bind(Multiaddr address) throws IOException {
        InetSocketAddress socket = tcpSocketAddress(address);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 512)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new io.netty.channel.ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        CompletableFuture<LiveConnection> upgraded = new CompletableFuture<>();
                        upgraded.whenComplete((c, e) -> {
                            if (c != null) {
                                register(c);
                            }
                        });
                        ch.pipeline().addLast(new ConnectionInitializer(NettyHost.this, false, null, upgraded));
                    }
                });
        Channel ch;
        try {
            ch = b.bind(socket).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while binding " + address);
        } catch (Exception e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        listeners.add(ch);
        listenAddresses.add(multiaddrOf(ch.localAddress()));
    }

    /** Counts an inbound channel against the limits; false (and nothing counted) when it must be refused. */
    boolean admitInbound(SocketChannel ch) {
        if (closed || !countChannel(ch)) {
            return false;
        }
        InetAddress ip = ch.remoteAddress().getAddress();
        AtomicInteger n = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        if (n.incrementAndGet() > config.maxConnectionsPerIp) {
            n.decrementAndGet();
            return false;
        }
        ch.closeFuture().addListener(f -> {
            if (n.decrementAndGet() == 0) {
                perIp.remove(ip, n);
            }
        });
        return true;
    }

    private boolean countChannel(Channel ch) {
        if (channels.incrementAndGet() > config.maxConnections) {
            channels.decrementAndGet();
            return false;
        }
        ch.closeFuture().addListener(f -> channels.decrementAndGet());
        return true;
    }

    private void register(LiveConnection c) {
        if (closed) {
            c.close();
            return;
        }
        connections.computeIfAbsent(c.remotePeer(), k -> new CopyOnWriteArrayList<>()).add(c);
        c.channel().closeFuture().addListener(f -> {
            connections.computeIfPresent(c.remotePeer(), (k, list) -> {
                list.remove(c);
                return list.isEmpty() ? null : list;
            });
            notifyListeners(l -> l.disconnected(c));
        });
        if (c.isOutbound()) {
            peerStore.addAddresses(c.remotePeer(), List.of(c.remoteAddress()), DIALED_ADDRESS_TTL);
        }
        notifyListeners(l -> l.connected(c));
        identify.identify(c);
    }

    /** Called by identify (first answer and every push) with what the peer said. */
    void identified(Connection c, PeerInfo info) {
        notifyListeners(l -> l.identified(c, info));
    }

    private void notifyListeners(java.util.function.Consumer<ConnectionListener> event) {
        for (ConnectionListener l : connectionListeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("connection listener {} failed", l, e);
            }
        }
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public CompletableFuture<Connection> connect(Multiaddr address) {
        Optional<PeerId> expected = address.peerId();
        if (expected.isPresent()) {
            Optional<Connection> open = connection(expected.get());
            if (open.isPresent()) {
                return CompletableFuture.completedFuture(open.get());
            }
        }
        InetSocketAddress target;
        try {
            target = tcpSocketAddress(address);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("host is closed"));
        }
        CompletableFuture<LiveConnection> upgraded = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.dialTimeout.toMillis()))
                .handler(new ConnectionInitializer(this, true, expected.orElse(null), upgraded));
        b.connect(target).addListener((io.netty.channel.ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                upgraded.completeExceptionally(new IOException("cannot connect to " + address + ": "
                        + f.cause().getMessage(), f.cause()));
            } else if (!countChannel(f.channel())) {
                upgraded.completeExceptionally(new ConnectionLimitException("too many connections open"));
                f.channel().close();
            }
        });
        return upgraded.thenApply(c -> {
            register(c);
            return (Connection) c;
        }).orTimeout(config.dialTimeout.toMillis() + config.upgradeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Connection> connect(PeerId peer) {
        Optional<Connection> open = connection(peer);
        if (open.isPresent()) {
            return CompletableFuture.completedFuture(open.get());
        }
        List<Multiaddr> addrs = peerStore.addresses(peer);
        if (addrs.isEmpty()) {
            return CompletableFuture.failedFuture(new IOException("no known address for " + peer));
        }
        return dialInTurn(peer, addrs.iterator(), null);
    }

    private CompletableFuture<Connection> dialInTurn(PeerId peer, Iterator<Multiaddr> addrs, Throwable last) {
        while (addrs.hasNext()) {
            Multiaddr a = addrs.next();
            if (a.has(Protocol.TCP) && (a.has(Protocol.IP4) || a.has(Protocol.IP6))) {
                Multiaddr full = a.encapsulate(io.cairn.core.multiaddr.Component.p2p(peer));
                return connect(full).handle((c, e) -> c != null ? CompletableFuture.completedFuture(c)
                        : dialInTurn(peer, addrs, e)).thenCompose(x -> x);
            }
        }
        return CompletableFuture.failedFuture(last != null ? last
                : new IOException("no dialable TCP address for " + peer));
    }

    @Override
    public CompletableFuture<P2pStream> newStream(PeerId peer, List<String> protocols) {
        return connect(peer).thenCompose(c -> c.openStream(protocols).handle((s, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(s);
            }
            // The connection closed under the new stream (an idle trim on either side raced the reuse): open it
            // once more on a fresh connection, as go's swarm does, instead of failing a request that never left.
            if (!c.isOpen() && !closed) {
                return connect(peer).thenCompose(fresh -> fresh == c ? CompletableFuture.<P2pStream>failedFuture(e)
                        : fresh.openStream(protocols));
            }
            return CompletableFuture.<P2pStream>failedFuture(e);
        }).thenCompose(f -> f));
    }

    @Override
    public Optional<Connection> connection(PeerId peer) {
        List<LiveConnection> list = connections.get(peer);
        if (list == null) {
            return Optional.empty();
        }
        // A snapshot: the list loses a closed connection concurrently, so indexing it could run past its end.
        LiveConnection[] snapshot = list.toArray(new LiveConnection[0]);
        for (int i = snapshot.length - 1; i >= 0; i--) {
            if (snapshot[i].isOpen()) {
                return Optional.of(snapshot[i]);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Connection> connections() {
        List<Connection> out = new ArrayList<>();
        for (List<LiveConnection> list : connections.values()) {
            out.addAll(list);
        }
        return out;
    }

    @Override
    public CompletableFuture<Duration> ping(PeerId peer) {
        return connect(peer).thenCompose(PingProtocol::ping);
    }

    @Override
    public void handle(String protocolId, StreamHandler handler) {
        handlers.put(protocolId, handler);
        identify.pushToAll();
    }

    @Override
    public void unhandle(String protocolId) {
        if (handlers.remove(protocolId) != null) {
            identify.pushToAll();
        }
    }

    @Override
    public Set<String> protocols() {
        return new TreeSet<>(handlers.keySet());
    }

    boolean serves(String protocol) {
        return handlers.containsKey(protocol);
    }

    StreamHandler handler(String protocol) {
        return handlers.get(protocol);
    }

    private void closeIdle() {
        long now = System.nanoTime();
        long idle = config.idleTimeout.toNanos();
        for (Connection c : connections()) {
            if (((LiveConnection) c).isIdle(now, idle)) {
                LOG.debug("closing idle {}", c);
                c.close();
            }
        }
    }

    @Override
    public PeerId peerId() {
        return config.identity.peerId();
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return List.copyOf(listenAddresses);
    }

    @Override
    public PeerStore peerStore() {
        return peerStore;
    }

    Ed25519KeyPair identity() {
        return config.identity;
    }

    String agentVersion() {
        return config.agentVersion;
    }

    ChannelHook channelHook() {
        return config.channelHook;
    }

    Duration upgradeTimeout() {
        return config.upgradeTimeout;
    }

    Duration negotiationTimeout() {
        return config.negotiationTimeout;
    }

    /**
     * Yamux inside Noise: a data frame (12-byte header plus payload) is sized to fill exactly one Noise transport
     * message, so no frame is split into a full Noise message and a tiny one with its own tag and length.
     */
    YamuxConfig yamuxConfig() {
        return YAMUX;
    }

    private static final YamuxConfig YAMUX = YamuxConfig.builder()
            .maxFrameSize(io.cairn.network.noise.NoiseCipher.MAX_PLAINTEXT_LENGTH - 12)
            .build();

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel l : listeners) {
            l.close();
        }
        Collection<Connection> all = connections();
        for (Connection c : all) {
            c.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static Multiaddr multiaddrOf(SocketAddress address) {
        return Multiaddr.fromSocketAddress((InetSocketAddress) address, Protocol.TCP);
    }

    private static InetSocketAddress tcpSocketAddress(Multiaddr address) throws IOException {
        Optional<InetSocketAddress> s = address.has(Protocol.TCP) ? address.toSocketAddress() : Optional.empty();
        if (s.isEmpty()) {
            throw new IOException("not a TCP address over IPv4 or IPv6: " + address);
        }
        return s.get();
    }

    @Override
    public String toString() {
        return "host " + peerId() + " on " + listenAddresses;
    }
}
