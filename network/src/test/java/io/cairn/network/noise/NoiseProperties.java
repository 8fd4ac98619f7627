package io.cairn.network.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.network.testing.NettyLeakCheck;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/** Hostile input never escapes as anything but {@link NoiseException}, at every layer. */
class NoiseProperties {
    private static final Ed25519KeyPair ME = Ed25519KeyPair.generate(new SecureRandom());
    private static final Ed25519KeyPair PEER = Ed25519KeyPair.generate(new SecureRandom());

    @AfterContainer
    static void noLeaks() {
        NettyLeakCheck.assertNoLeaks();
    }

    @Property
    void payloadDecoderThrowsOnlyTheTypedException(@ForAll byte[] bytes) {
        try {
            HandshakePayload.decode(bytes);
        } catch (NoiseHandshakeException expected) {
            // the only acceptable failure
        }
    }

    @Property
    void payloadRoundTrips(@ForAll @Size(max = 300) byte[] key, @ForAll @Size(max = 300) byte[] sig) {
        HandshakePayload p = HandshakePayload.decode(new HandshakePayload(key, sig).encode());
        assertArrayEquals(key, p.identityKey());
        assertArrayEquals(sig, p.identitySignature());
    }

    /** Arbitrary bytes as message 1, 2 or 3 of a handshake that got that far honestly. */
    @Property(tries = 300)
    void handshakeReaderThrowsOnlyTheTypedException(@ForAll byte[] bytes, @ForAll boolean late) {
        NoiseHandshake i = NoiseHandshake.initiator(ME, null);
        NoiseHandshake r = NoiseHandshake.responder(PEER, null);
        try {
            if (!late) {
                r.readMessage(bytes); // as message 1
                return;
            }
            byte[] m1 = i.writeMessage();
            r.readMessage(m1);
            i.readMessage(bytes); // as message 2
        } catch (NoiseHandshakeException expected) {
            assertFalse(i.isComplete());
        }
    }

    @Property(tries = 200)
    void transportDecryptThrowsOnlyTheTypedException(@ForAll byte[] bytes) {
        NoiseCipher c = new NoiseCipher(new byte[32]);
        try {
            c.decrypt(bytes);
        } catch (NoiseException expected) {
            assertEquals(0, c.nonce(), "a failed message does not consume a nonce");
        }
    }

    /** A fresh responder handler fed arbitrary chunks: only NoiseException ever reaches exceptionCaught. */
    @Property(tries = 300)
    void handlerDuringHandshakeReportsOnlyTheTypedException(@ForAll List<@Size(max = 200) byte[]> chunks) {
        EmbeddedChannel ch = NoiseHandlerTest.recording(new NoiseHandler(false, ME, null));
        NoiseChannelPair.Recorder seen = ch.pipeline().get(NoiseChannelPair.Recorder.class);
        try {
            for (byte[] chunk : chunks) {
                if (!ch.isOpen()) {
                    break;
                }
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            }
            ch.close();
            assertTrue(seen.errors.size() <= 1, "at most one failure is reported");
            seen.errors.forEach(e -> assertTrue(e instanceof NoiseException, e.toString()));
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** After a real handshake, arbitrary bytes on the wire: only NoiseException, and nothing decrypts. */
    @Property(tries = 100)
    void handlerAfterHandshakeReportsOnlyTheTypedException(@ForAll List<@Size(max = 300) byte[]> chunks) {
        try (NoiseChannelPair p = new NoiseChannelPair(ME, PEER, null)) {
            p.pump();
            for (byte[] chunk : chunks) {
                if (!p.responder.isOpen()) {
                    break;
                }
                p.responder.writeInbound(Unpooled.wrappedBuffer(chunk));
            }
            assertEquals(0, p.responderSeen.plaintext.size());
            assertTrue(p.responderSeen.errors.size() <= 1);
            p.responderSeen.errors.forEach(e -> assertTrue(e instanceof NoiseException, e.toString()));
        }
    }
}
