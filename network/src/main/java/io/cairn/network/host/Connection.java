package io.cairn.network.host;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PublicKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed connection to one authenticated peer. */
public interface Connection {
    PeerId remotePeer();

    /** The key the peer proved in the Noise handshake; {@link #remotePeer()} is derived from it. */
    PublicKey remotePublicKey();

    /** The peer's address as this side sees it ({@code /ip4/.../tcp/...}, no {@code /p2p}). */
    Multiaddr remoteAddress();

    Multiaddr localAddress();

    /** Whether this side dialed. */
    boolean isOutbound();

    /** Opens a stream for the first of {@code protocols} (in order of preference) that the peer supports. */
    CompletableFuture<P2pStream> openStream(List<String> protocols);

    /** Completes when identify with this peer has finished (or failed: then exceptionally). */
    CompletableFuture<PeerInfo> identified();

    boolean isOpen();

    void close();

    CompletableFuture<Void> closeFuture();
}
