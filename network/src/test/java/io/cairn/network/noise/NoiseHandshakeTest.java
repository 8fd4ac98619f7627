package io.cairn.network.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.KeyType;
import io.cairn.core.peer.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519KeyPair alice = Ed25519KeyPair.generate(RANDOM);
    private final Ed25519KeyPair bob = Ed25519KeyPair.generate(RANDOM);

    @Test
    void completesAndBothSidesLearnTheOther() {
        NoiseHandshake i = NoiseHandshake.initiator(alice, bob.peerId());
        NoiseHandshake r = NoiseHandshake.responder(bob, null);
        assertTrue(i.isMyTurn());
        assertFalse(r.isMyTurn());
        byte[] m1 = i.writeMessage();
        assertEquals(32, m1.length, "message 1 is the bare ephemeral key: libp2p sends an empty payload");
        r.readMessage(m1);
        assertNull(r.remotePeer());
        i.readMessage(r.writeMessage());
        assertEquals(bob.peerId(), i.remotePeer());
        assertEquals(bob.publicKey(), i.remoteKey());
        r.readMessage(i.writeMessage());
        assertTrue(i.isComplete() && r.isComplete());
        assertEquals(alice.peerId(), r.remotePeer());
        assertArrayEquals(i.handshakeHash(), r.handshakeHash());

        NoiseHandshake.Transport it = i.split();
        NoiseHandshake.Transport rt = r.split();
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(hello, rt.receiver().decrypt(it.sender().encrypt(hello)));
        assertArrayEquals(hello, it.receiver().decrypt(rt.sender().encrypt(hello)));
        assertThrows(IllegalStateException.class, i::split);
    }

    @Test
    void initiatorRejectsAnUnexpectedResponderBeforeRevealingItself() {
        Ed25519KeyPair carol = Ed25519KeyPair.generate(RANDOM);
        NoiseHandshake i = NoiseHandshake.initiator(alice, carol.peerId());
        NoiseHandshake r = NoiseHandshake.responder(bob, null);
        r.readMessage(i.writeMessage());
        byte[] m2 = r.writeMessage();
        NoiseHandshakeException e = assertThrows(NoiseHandshakeException.class, () -> i.readMessage(m2));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertFalse(i.isMyTurn());
        assertThrows(IllegalStateException.class, i::writeMessage);
        assertFalse(i.isComplete());
    }

    @Test
    void responderWithAnExpectationRejectsAnotherInitiator() {
        Ed25519KeyPair carol = Ed25519KeyPair.generate(RANDOM);
        NoiseHandshake i = NoiseHandshake.initiator(alice, null);
        NoiseHandshake r = NoiseHandshake.responder(bob, carol.peerId());
        r.readMessage(i.writeMessage());
        i.readMessage(r.writeMessage());
        byte[] m3 = i.writeMessage();
        assertThrows(NoiseHandshakeException.class, () -> r.readMessage(m3));
        assertFalse(r.isComplete());
        assertThrows(IllegalStateException.class, r::split);
    }

    /** A responder whose message 2 carries a payload of our choosing, to feed the initiator bad identities. */
    private static byte[] forgedMessage2(NoiseHandshake initiator, Function<byte[], byte[]> payload) {
        byte[] responderStatic = XxHandshakeState.generatePrivateKey(RANDOM);
        XxHandshakeState evil = new XxHandshakeState(false, new byte[0], responderStatic,
                XxHandshakeState.generatePrivateKey(RANDOM));
        evil.readMessage(initiator.writeMessage());
        return evil.writeMessage(payload.apply(XxHandshakeState.publicKey(responderStatic)));
    }

    private static byte[] signed(byte[] staticKey) {
        byte[] m = new byte[NoiseHandshake.SIGNATURE_PREFIX.length + staticKey.length];
        System.arraycopy(NoiseHandshake.SIGNATURE_PREFIX, 0, m, 0, NoiseHandshake.SIGNATURE_PREFIX.length);
        System.arraycopy(staticKey, 0, m, NoiseHandshake.SIGNATURE_PREFIX.length, staticKey.length);
        return m;
    }

    @Test
    void properlyForgedPayloadIsAccepted() {
        // Control for the forgeries below: the same construction with an honest signature passes.
        NoiseHandshake i = NoiseHandshake.initiator(alice, bob.peerId());
        i.readMessage(forgedMessage2(i, s -> new HandshakePayload(bob.publicKey().toProtobuf(),
                bob.sign(signed(s))).encode()));
        assertEquals(bob.peerId(), i.remotePeer());
    }

    @Test
    void signatureOverAnotherStaticKeyIsRejected() {
        NoiseHandshake i = NoiseHandshake.initiator(alice, null);
        byte[] m2 = forgedMessage2(i, s -> new HandshakePayload(bob.publicKey().toProtobuf(),
                bob.sign(signed(new byte[32]))).encode());
        assertThrows(NoiseHandshakeException.class, () -> i.readMessage(m2));
        assertNull(i.remotePeer());
    }

    @Test
    void signatureByAnotherKeyIsRejected() {
        NoiseHandshake i = NoiseHandshake.initiator(alice, null);
        byte[] m2 = forgedMessage2(i, s -> new HandshakePayload(bob.publicKey().toProtobuf(),
                alice.sign(signed(s))).encode());
        assertThrows(NoiseHandshakeException.class, () -> i.readMessage(m2));
    }

    @Test
    void missingOrUndecodableIdentityIsRejected() {
        NoiseHandshake i1 = NoiseHandshake.initiator(alice, null);
        byte[] empty = forgedMessage2(i1, s -> new byte[0]);
        assertThrows(NoiseHandshakeException.class, () -> i1.readMessage(empty));

        NoiseHandshake i2 = NoiseHandshake.initiator(alice, null);
        byte[] badKey = forgedMessage2(i2, s -> new HandshakePayload(new byte[] {1, 2, 3}, new byte[64]).encode());
        assertThrows(NoiseHandshakeException.class, () -> i2.readMessage(badKey));
    }

    @Test
    void keyTypeWeCannotVerifyFailsTheHandshakeOnly() {
        // A syntactically plausible compressed secp256k1 key; whether or not PublicKey.verify supports the type,
        // the signature is garbage, so the outcome must be a handshake failure and nothing else.
        byte[] secp = HexFormat.of().parseHex(
                "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        byte[] key = PublicKey.of(KeyType.SECP256K1, secp).toProtobuf();
        NoiseHandshake i = NoiseHandshake.initiator(alice, null);
        byte[] m2 = forgedMessage2(i, s -> new HandshakePayload(key, new byte[70]).encode());
        assertThrows(NoiseHandshakeException.class, () -> i.readMessage(m2));
    }

    @Test
    void payloadIgnoresExtensionsAndUnknownFields() {
        byte[] key = bob.publicKey().toProtobuf();
        byte[] sig = new byte[64];
        sig[0] = 7;
        // identity_key, then extensions (field 4) holding stream_muxers "/yamux/1.0.0", then identity_sig, then a
        // varint field 9: the order and extra fields a js-libp2p peer may send.
        byte[] muxer = "/yamux/1.0.0".getBytes(StandardCharsets.US_ASCII);
        byte[] ext = new byte[2 + muxer.length];
        ext[0] = 0x12;
        ext[1] = (byte) muxer.length;
        System.arraycopy(muxer, 0, ext, 2, muxer.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x0a);
        out.write(key.length);
        out.writeBytes(key);
        out.write(0x22);
        out.write(ext.length);
        out.writeBytes(ext);
        out.write(0x12);
        out.write(sig.length);
        out.writeBytes(sig);
        out.write(0x48);
        out.write(0x96);
        out.write(0x01);
        HandshakePayload p = HandshakePayload.decode(out.toByteArray());
        assertArrayEquals(key, p.identityKey());
        assertArrayEquals(sig, p.identitySignature());
        // Our own encoding is exactly fields 1 then 2.
        byte[] ours = new HandshakePayload(key, sig).encode();
        assertEquals(0x0a, ours[0]);
        assertEquals(key.length, ours[1]);
        assertEquals(0x12, ours[2 + key.length]);
        assertEquals(2 + key.length + 2 + sig.length, ours.length);
    }

    @Test
    void payloadFieldOfWrongWireTypeIsRejected() {
        assertThrows(NoiseHandshakeException.class, () -> HandshakePayload.decode(new byte[] {0x08, 0x01}));
        assertThrows(NoiseHandshakeException.class, () -> HandshakePayload.decode(new byte[] {0x0a, 0x05, 1}));
        assertThrows(NoiseHandshakeException.class, () -> HandshakePayload.decode(new byte[] {0x0b}));
    }
}
