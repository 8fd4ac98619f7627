package io.cairn.network.bitswap;

import io.cairn.core.peer.PeerId;
import io.cairn.network.host.Host;
import io.cairn.network.host.P2pStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A hand-driven Bitswap peer for tests: it records every message it receives and lets the test (or a scripted
 * behaviour, such as a corrupt server) send arbitrary messages on its own outbound stream.
 */
final class RawBitswapPeer {
    final Host host;
    final LinkedBlockingQueue<BitswapMessage> received = new LinkedBlockingQueue<>();
    private CompletableFuture<P2pStream> out;
    /** Whom a scripted behaviour answers. */
    volatile PeerId lastSender;
    /** Resets each inbound stream after its first message, as Helia aborts a stream that goes quiet. */
    volatile boolean resetAfterEachMessage;

    /** {@code behaviour} sees each message received and may answer through this peer. */
    RawBitswapPeer(Host host, BiConsumer<RawBitswapPeer, BitswapMessage> behaviour) {
        this.host = host;
        for (String id : BitswapVersion.PROTOCOL_IDS) {
            host.handle(id, s -> read(s, behaviour));
        }
    }

    private void read(P2pStream s, BiConsumer<RawBitswapPeer, BitswapMessage> behaviour) {
        s.readMessage(BitswapCodec.MAX_MESSAGE_BYTES).whenComplete((bytes, e) -> {
            if (e != null) {
                s.reset();
                return;
            }
            if (bytes == null) {
                s.closeWrite();
                return;
            }
            BitswapMessage m = BitswapCodec.decode(bytes);
            received.add(m);
            behaviour.accept(this, m);
            if (resetAfterEachMessage) {
                s.reset();
            } else {
                read(s, behaviour);
            }
        });
    }

    synchronized CompletableFuture<Void> send(PeerId to, BitswapMessage m) {
        if (out == null) {
            out = host.newStream(to, List.of(BitswapVersion.V1_2_0.protocolId()));
        }
        return out.thenCompose(s -> s.writeMessage(BitswapCodec.encode(m, BitswapVersion.V1_2_0)));
    }

    BitswapMessage next() throws InterruptedException {
        BitswapMessage m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no bitswap message within 10 s");
        }
        return m;
    }
}
