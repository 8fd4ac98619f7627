package io.cairn.network.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiaddr.Component;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.Ed25519KeyPair;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HostBuilder#channelHook}: its handlers see each connection's raw bytes, and it can refuse a connection. */
class ChannelHookTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Host> hosts = new ArrayList<>();

    private Host host(ChannelHook hook) throws Exception {
        Host h = Host.builder(Ed25519KeyPair.generate(RANDOM)).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .eventLoopThreads(1).channelHook(hook).start();
        hosts.add(h);
        return h;
    }

    private static Multiaddr addressOf(Host h) {
        return h.listenAddresses().get(0).encapsulate(Component.p2p(h.peerId()));
    }

    @AfterEach
    void close() {
        hosts.forEach(Host::close);
    }

    /** Counts the bytes written under everything else: the multistream header is plaintext, the rest Noise. */
    private static final class ByteCounter extends ChannelDuplexHandler {
        final AtomicLong written;

        ByteCounter(AtomicLong written) {
            this.written = written;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf b) {
                written.addAndGet(b.readableBytes());
            }
            ctx.write(msg, promise);
        }
    }

    @Test
    void theHookSeesInboundAndOutboundChannelsAndTheirRawBytes() throws Exception {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        AtomicLong written = new AtomicLong();
        ChannelHook hook = (ch, outbound) -> {
            seen.add(outbound);
            ch.pipeline().addLast(new ByteCounter(written));
        };
        Host a = host(hook);
        Host b = host(hook);
        a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
        a.ping(b.peerId()).get(10, TimeUnit.SECONDS);
        assertEquals(2, seen.size(), seen.toString());
        assertTrue(seen.contains(true) && seen.contains(false), seen.toString());
        // the Noise handshake alone is over a hundred bytes each way
        assertTrue(written.get() > 200, written.get() + " bytes");
    }

    @Test
    void aHookThatClosesTheChannelRefusesTheConnection() throws Exception {
        Host a = host((ch, outbound) -> {
            if (outbound) {
                ch.close();
            }
        });
        Host b = host((ch, outbound) -> { });
        boolean failed = a.connect(addressOf(b)).handle((c, e) -> e != null).get(20, TimeUnit.SECONDS);
        assertTrue(failed, "the connection was made despite the hook");
        assertTrue(a.connection(b.peerId()).isEmpty());
    }
}
