package io.cairn.network.noise;

import io.cairn.core.FormatException;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The libp2p Noise handshake as a sans-IO state machine: it turns handshake messages into handshake messages and
 * never touches a socket. Messages here are bare Noise messages; the 2-byte length prefix is the driver's job.
 *
 * <p>Three messages, initiator first: (1) the initiator's ephemeral key with an empty payload; (2) the responder's
 * keys and its identity payload; (3) the initiator's static key and identity payload. The identity payload is the
 * sender's libp2p public key and its signature over {@code "noise-libp2p-static-key:"} followed by the sender's Noise
 * static key, which binds the anonymous Noise session to a peer ID. Each side verifies the other's payload as it
 * reads it; if an expected peer was given, a different peer fails the handshake right there, before we send our own
 * identity (for the initiator) or accept the connection (for the responder).
 *
 * <p>A fresh X25519 static key is made for every handshake, as go-libp2p does; only the Ed25519 identity persists.
 * Not thread-safe. Once a read fails, every later read fails too.
 */
public final class NoiseHandshake {
    /** The libp2p protocol id negotiated by multistream-select before the handshake starts. */
    public static final String PROTOCOL_ID = "/noise";

    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Our sending cipher and our receiving cipher once the handshake completes. */
    public record Transport(NoiseCipher sender, NoiseCipher receiver) {
    }

    private final XxHandshakeState noise;
    private final Ed25519KeyPair identity;
    private final PeerId expectedRemote;
    private PublicKey remoteKey;
    private PeerId remotePeer;
    private boolean split;

    NoiseHandshake(XxHandshakeState noise, Ed25519KeyPair identity, PeerId expectedRemote) {
        this.noise = noise;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.expectedRemote = expectedRemote;
    }

    /** The dialing side; {@code expectedRemote} is the peer we mean to reach, or null to accept any. */
    public static NoiseHandshake initiator(Ed25519KeyPair identity, PeerId expectedRemote) {
        return create(true, identity, expectedRemote);
    }

    /** The listening side; {@code expectedRemote} is usually null (a listener does not know who dials). */
    public static NoiseHandshake responder(Ed25519KeyPair identity, PeerId expectedRemote) {
        return create(false, identity, expectedRemote);
    }

    private static NoiseHandshake create(boolean initiator, Ed25519KeyPair identity, PeerId expectedRemote) {
        XxHandshakeState state = new XxHandshakeState(initiator, new byte[0],
                XxHandshakeState.generatePrivateKey(RANDOM), XxHandshakeState.generatePrivateKey(RANDOM));
        return new NoiseHandshake(state, identity, expectedRemote);
    }

    public boolean isInitiator() {
        return noise.isInitiator();
    }

    /** Whether the next handshake message is ours to write (false once complete). */
    public boolean isMyTurn() {
        return noise.isMyTurn();
    }

    public boolean isComplete() {
        return noise.isComplete();
    }

    /**
     * Our next handshake message (at most 65535 bytes).
     *
     * @throws IllegalStateException if it is the remote's turn or the handshake is over
     */
    public byte[] writeMessage() {
        if (noise.step() == 0) {
            return noise.writeMessage(new byte[0]);
        }
        byte[] signed = concat(SIGNATURE_PREFIX, noise.localStaticPublic());
        HandshakePayload payload = new HandshakePayload(identity.publicKey().toProtobuf(), identity.sign(signed));
        return noise.writeMessage(payload.encode());
    }

    /**
     * Reads the remote's next handshake message (without its length prefix) and, for messages 2 and 3, checks the
     * remote identity in it.
     *
     * @throws NoiseHandshakeException if the message is malformed, does not authenticate, carries an identity that
     *     does not decode or verify, or names a peer other than the expected one
     * @throws IllegalStateException if it is our turn to write or the handshake is over
     */
    public void readMessage(byte[] message) {
        int step = noise.step();
        byte[] payload = noise.readMessage(message);
        if (step == 0) {
            return; // the initiator's first message carries nothing we use (libp2p sends it empty)
        }
        try {
            verify(payload);
        } catch (RuntimeException e) {
            noise.fail();
            throw e;
        }
    }

    private void verify(byte[] payloadBytes) {
        HandshakePayload payload = HandshakePayload.decode(payloadBytes);
        PublicKey key;
        try {
            key = PublicKey.fromProtobuf(payload.identityKey());
        } catch (FormatException e) {
            throw new NoiseHandshakeException("remote identity key does not decode: " + e.getMessage(), e);
        }
        byte[] signed = concat(SIGNATURE_PREFIX, noise.remoteStaticPublic());
        boolean valid;
        try {
            valid = key.verify(signed, payload.identitySignature());
        } catch (RuntimeException e) {
            // UnsupportedOperationException for key types we cannot verify yet, or a key type's own format error.
            throw new NoiseHandshakeException("cannot verify the remote's " + key.type() + " signature", e);
        }
        if (!valid) {
            throw new NoiseHandshakeException("remote identity signature over its Noise static key is invalid");
        }
        PeerId peer = key.peerId();
        if (expectedRemote != null && !expectedRemote.equals(peer)) {
            throw new NoiseHandshakeException("remote is peer " + peer + ", not the expected " + expectedRemote);
        }
        remoteKey = key;
        remotePeer = peer;
    }

    /** The verified remote peer, once its identity message has been read; null before. */
    public PeerId remotePeer() {
        return remotePeer;
    }

    /** The verified remote identity key, once its identity message has been read; null before. */
    public PublicKey remoteKey() {
        return remoteKey;
    }

    /**
     * The transport ciphers; only once the handshake is complete, and only once (two copies of a cipher would reuse
     * nonces).
     */
    public Transport split() {
        if (split) {
            throw new IllegalStateException("the handshake was already split");
        }
        NoiseCipher[] c = noise.split();
        split = true;
        return new Transport(c[0], c[1]);
    }

    /** The Noise handshake hash, identical on both sides of a completed handshake. */
    byte[] handshakeHash() {
        return noise.handshakeHash();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
