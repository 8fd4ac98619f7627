package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A running libp2p node: its listeners, its connections, and the protocols it serves. Thread-safe.
 * Created by {@link #builder(Ed25519KeyPair)}; {@link #close()} closes every connection and listener.
 */
public interface Host extends AutoCloseable {
    static HostBuilder builder(Ed25519KeyPair identity) {
        return new HostBuilder(identity);
    }

    PeerId peerId();

    /** The addresses actually bound (real ports), without {@code /p2p}. */
    List<Multiaddr> listenAddresses();

    /** Serves {@code protocolId}; replaces an earlier handler for it. Connected peers learn of it by identify push. */
    void handle(String protocolId, StreamHandler handler);

    void unhandle(String protocolId);

    /** The protocols served, identify and ping included. */
    Set<String> protocols();

    /**
     * A connection to the peer at {@code address}: an open one to the same peer is reused. When the address ends
     * in {@code /p2p/ID}, the handshake must prove that peer, or the dial fails.
     */
    CompletableFuture<Connection> connect(Multiaddr address);

    /** A connection to {@code peer}: an open one, else a dial of its known addresses in turn. */
    CompletableFuture<Connection> connect(PeerId peer);

    /** Opens a stream to {@code peer} for the first of {@code protocols} it supports, connecting if needed. */
    CompletableFuture<P2pStream> newStream(PeerId peer, List<String> protocols);

    /** An open connection to {@code peer}, if there is one. */
    Optional<Connection> connection(PeerId peer);

    List<Connection> connections();

    /** Registers a listener for every later connection event. */
    void addConnectionListener(ConnectionListener listener);

    PeerStore peerStore();

    /** One round trip of the ping protocol to {@code peer}. */
    CompletableFuture<Duration> ping(PeerId peer);

    @Override
    void close();
}
