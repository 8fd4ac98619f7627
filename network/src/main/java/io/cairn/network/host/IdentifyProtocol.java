package io.cairn.network.host;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PublicKey;
import io.cairn.network.identify.pb.IdentifyProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * libp2p identify (libp2p/specs identify/README.md): {@code /ipfs/id/1.0.0} answers with one length-prefixed
 * {@code Identify} message and closes; {@code /ipfs/id/push/1.0.0} receives one unsolicited update. Every new
 * connection, in both directions, asks the peer once. The key a peer sends must be the one it proved in the Noise
 * handshake, or the message is ignored and identify fails.
 */
final class IdentifyProtocol {
    static final String ID = "/ipfs/id/1.0.0";
    static final String PUSH = "/ipfs/id/push/1.0.0";
    static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** go-libp2p and js-libp2p send at most 8 KiB (js) / 4 KiB (go) per message; this leaves room. */
    static final int MAX_MESSAGE = 64 * 1024;
    /** How long addresses learned from identify stay in the peer store (go-libp2p: while connected, then 30 min). */
    static final Duration ADDRESS_TTL = Duration.ofHours(1);
    static final int MAX_LISTEN_ADDRS = 64;
    static final int MAX_PROTOCOLS = 256;

    private final NettyHost host;

    IdentifyProtocol(NettyHost host) {
        this.host = host;
    }

    /** Serves {@code /ipfs/id/1.0.0}. */
    void serve(P2pStream stream) {
        byte[] message = ourMessage(stream.connection()).toByteArray();
        stream.writeMessage(message).whenComplete((v, e) -> {
            if (e == null) {
                stream.closeWrite();
            } else {
                stream.reset();
            }
        });
    }

    /** Serves {@code /ipfs/id/push/1.0.0}: one message, applied to what we know of the sender. */
    void servePush(P2pStream stream) {
        stream.readMessage(MAX_MESSAGE).whenComplete((bytes, e) -> {
            if (e == null && bytes != null) {
                try {
                    record(stream.connection(), bytes);
                } catch (FormatException | InvalidProtocolBufferException ex) {
                    NettyHost.LOG.debug("bad identify push from {}: {}", stream.connection().remotePeer(),
                            ex.toString());
                }
            }
            stream.closeWrite();
        });
    }

    /** Asks the peer of a new connection who it is; completes the connection's identify promise. */
    void identify(LiveConnection conn) {
        CompletableFuture<PeerInfo> promise = conn.identifiedPromise();
        conn.openStream(List.of(ID))
                .thenCompose(s -> s.readMessage(MAX_MESSAGE).whenComplete((m, e) -> s.closeWrite()))
                .whenComplete((bytes, e) -> {
                    if (e != null) {
                        promise.completeExceptionally(e);
                        return;
                    }
                    if (bytes == null) {
                        promise.completeExceptionally(new java.io.EOFException("identify stream ended empty"));
                        return;
                    }
                    try {
                        promise.complete(record(conn, bytes));
                    } catch (FormatException | InvalidProtocolBufferException ex) {
                        promise.completeExceptionally(ex);
                    }
                });
    }

    /** Tells every connected peer our current protocols and addresses. */
    void pushToAll() {
        for (Connection c : host.connections()) {
            byte[] message = ourMessage(c).toByteArray();
            c.openStream(List.of(PUSH)).whenComplete((s, e) -> {
                if (s != null) {
                    s.writeMessage(message).whenComplete((v, e2) -> s.closeWrite());
                }
            });
        }
    }

    private IdentifyProto.Identify ourMessage(Connection to) {
        IdentifyProto.Identify.Builder b = IdentifyProto.Identify.newBuilder()
                .setProtocolVersion(PROTOCOL_VERSION)
                .setAgentVersion(host.agentVersion())
                .setPublicKey(ByteString.copyFrom(host.identity().publicKey().toProtobuf()))
                .setObservedAddr(ByteString.copyFrom(to.remoteAddress().toBytes()));
        for (Multiaddr a : host.listenAddresses()) {
            b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
        }
        b.addAllProtocols(host.protocols());
        return b.build();
    }

    private PeerInfo record(Connection conn, byte[] bytes) throws InvalidProtocolBufferException {
        IdentifyProto.Identify m = IdentifyProto.Identify.parseFrom(bytes);
        PublicKey key = conn.remotePublicKey();
        if (m.hasPublicKey()) {
            PublicKey sent = PublicKey.fromProtobuf(m.getPublicKey().toByteArray());
            if (!sent.equals(key)) {
                throw new IdentifyMismatchException(conn.remotePeer() + " sent a different public key in identify");
            }
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (ByteString a : m.getListenAddrsList()) {
            if (addrs.size() >= MAX_LISTEN_ADDRS) {
                break;
            }
            try {
                addrs.add(Multiaddr.fromBytes(a.toByteArray()));
            } catch (FormatException ignored) {
                // One address we cannot read does not spoil the others; go-libp2p skips them the same way.
                NettyHost.LOG.debug("{} sent an unreadable listen address", conn.remotePeer());
            }
        }
        List<String> protocols = m.getProtocolsList().size() > MAX_PROTOCOLS
                ? m.getProtocolsList().subList(0, MAX_PROTOCOLS) : m.getProtocolsList();
        Multiaddr observed = null;
        if (m.hasObservedAddr()) {
            try {
                observed = Multiaddr.fromBytes(m.getObservedAddr().toByteArray());
            } catch (FormatException ignored) {
                NettyHost.LOG.debug("{} sent an unreadable observed address", conn.remotePeer());
            }
        }
        PeerInfo info = new PeerInfo(conn.remotePeer(), key, m.getProtocolVersion(), m.getAgentVersion(), addrs,
                protocols, observed);
        host.peerStore().recordIdentify(info);
        host.peerStore().addAddresses(conn.remotePeer(), addrs, ADDRESS_TTL);
        host.identified(conn, info);
        return info;
    }

    /** A peer's identify message contradicts its handshake. */
    static final class IdentifyMismatchException extends FormatException {
        private static final long serialVersionUID = 1L;

        IdentifyMismatchException(String message) {
            super(message);
        }
    }
}
