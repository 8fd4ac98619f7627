package io.cairn.network.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Noise's {@code HandshakeState} for exactly one pattern, {@code Noise_XX_25519_ChaChaPoly_SHA256}, knowing nothing
 * of libp2p (payloads are opaque bytes):
 * <pre>
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 * Messages alternate strictly, initiator first; {@link #step} counts the messages processed (0..3). Any failure
 * makes the state unusable: every later read fails too, so a caller cannot resume a half-verified handshake.
 *
 * <p>X25519 comes from Bouncy Castle's RFC 7748 code because it takes raw 32-byte scalars, which the published test
 * vectors need; a DH result of all zeros (a low-order remote key) fails the handshake, as in go-libp2p.
 */
final class XxHandshakeState {
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final int DH_LENGTH = X25519.POINT_SIZE;
    private static final int ENCRYPTED_KEY_LENGTH = DH_LENGTH + NoiseCipher.TAG_LENGTH;

    private final boolean initiator;
    private final SymmetricState ss;
    private final byte[] s;
    private final byte[] sPub;
    private final byte[] e;
    private final byte[] ePub;
    private byte[] rs;
    private byte[] re;
    private int step;
    private boolean failed;

    /**
     * @param staticPrivate our 32-byte X25519 static secret
     * @param ephemeralPrivate our 32-byte X25519 ephemeral secret; tests fix it, everyone else passes a fresh one
     */
    XxHandshakeState(boolean initiator, byte[] prologue, byte[] staticPrivate, byte[] ephemeralPrivate) {
        this.initiator = initiator;
        this.ss = new SymmetricState(PROTOCOL_NAME);
        this.s = staticPrivate.clone();
        this.sPub = publicKey(s);
        this.e = ephemeralPrivate.clone();
        this.ePub = publicKey(e);
        ss.mixHash(prologue);
    }

    static byte[] generatePrivateKey(SecureRandom random) {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        return k;
    }

    static byte[] publicKey(byte[] privateKey) {
        byte[] pub = new byte[DH_LENGTH];
        X25519.scalarMultBase(privateKey, 0, pub, 0);
        return pub;
    }

    boolean isInitiator() {
        return initiator;
    }

    /** Whether the next message is ours to write. */
    boolean isMyTurn() {
        return !failed && step < 3 && (step % 2 == 0) == initiator;
    }

    boolean isComplete() {
        return !failed && step == 3;
    }

    /** Which message comes next: 0, 1 or 2 (3 once complete). */
    int step() {
        return step;
    }

    byte[] localStaticPublic() {
        return sPub.clone();
    }

    /** The remote static key, known once message 2 (responder's) has been read or message 3 read by the responder. */
    byte[] remoteStaticPublic() {
        return rs == null ? null : rs.clone();
    }

    byte[] handshakeHash() {
        return ss.handshakeHash();
    }

    /** The next handshake message carrying {@code payload}. */
    byte[] writeMessage(byte[] payload) {
        if (failed || !isMyTurn()) {
            throw new IllegalStateException("not this side's turn to write (step " + step + ")");
        }
        int length = payload.length + switch (step) {
            case 0 -> DH_LENGTH;
            case 1 -> DH_LENGTH + ENCRYPTED_KEY_LENGTH + NoiseCipher.TAG_LENGTH;
            default -> ENCRYPTED_KEY_LENGTH + NoiseCipher.TAG_LENGTH;
        };
        if (length > NoiseCipher.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("handshake payload of " + payload.length + " bytes is too long");
        }
        byte[] out = new byte[length];
        int o = 0;
        if (step == 0) {
            o = writeEphemeral(out, o);
        } else if (step == 1) {
            o = writeEphemeral(out, o);
            ss.mixKey(dh(e, re));
            o = ss.encryptAndHash(sPub, out, o);
            ss.mixKey(dh(s, re));
        } else {
            o = ss.encryptAndHash(sPub, out, o);
            ss.mixKey(dh(s, re));
        }
        o = ss.encryptAndHash(payload, out, o);
        assert o == length;
        step++;
        return out;
    }

    /**
     * Reads the remote's next handshake message and returns its payload.
     *
     * @throws NoiseHandshakeException if the message is malformed or does not authenticate, or an earlier one failed
     */
    byte[] readMessage(byte[] message) {
        if (failed) {
            throw new NoiseHandshakeException("the handshake has already failed");
        }
        if (step >= 3 || (step % 2 == 0) == initiator) {
            throw new IllegalStateException("not this side's turn to read (step " + step + ")");
        }
        try {
            return read(message);
        } catch (RuntimeException ex) {
            failed = true;
            throw ex;
        }
    }

    private byte[] read(byte[] m) {
        if (m.length > NoiseCipher.MAX_MESSAGE_LENGTH) {
            throw new NoiseHandshakeException("handshake message of " + m.length + " bytes exceeds 65535");
        }
        int need = switch (step) {
            case 0 -> DH_LENGTH;
            case 1 -> DH_LENGTH + ENCRYPTED_KEY_LENGTH + NoiseCipher.TAG_LENGTH;
            default -> ENCRYPTED_KEY_LENGTH + NoiseCipher.TAG_LENGTH;
        };
        if (m.length < need) {
            throw new NoiseHandshakeException("handshake message " + (step + 1) + " has " + m.length
                    + " bytes, fewer than the " + need + " it needs");
        }
        int o = 0;
        if (step == 0) {
            re = Arrays.copyOfRange(m, 0, DH_LENGTH);
            ss.mixHash(re);
            o = DH_LENGTH;
        } else if (step == 1) {
            re = Arrays.copyOfRange(m, 0, DH_LENGTH);
            ss.mixHash(re);
            o = DH_LENGTH;
            ss.mixKey(dh(e, re));
            rs = ss.decryptAndHash(m, o, ENCRYPTED_KEY_LENGTH);
            o += ENCRYPTED_KEY_LENGTH;
            ss.mixKey(dh(e, rs));
        } else {
            rs = ss.decryptAndHash(m, 0, ENCRYPTED_KEY_LENGTH);
            o = ENCRYPTED_KEY_LENGTH;
            ss.mixKey(dh(e, rs));
        }
        byte[] payload = ss.decryptAndHash(m, o, m.length - o);
        step++;
        return payload;
    }

    /** Marks the handshake failed because a layer above rejected a payload this state accepted. */
    void fail() {
        failed = true;
    }

    private int writeEphemeral(byte[] out, int o) {
        System.arraycopy(ePub, 0, out, o, DH_LENGTH);
        ss.mixHash(ePub);
        return o + DH_LENGTH;
    }

    private static byte[] dh(byte[] privateKey, byte[] publicKey) {
        byte[] shared = new byte[DH_LENGTH];
        if (!X25519.calculateAgreement(privateKey, 0, publicKey, 0, shared, 0)) {
            throw new NoiseHandshakeException("remote X25519 key is of low order (DH result is zero)");
        }
        return shared;
    }

    /** Our sending cipher then our receiving cipher; only once the handshake is complete. */
    NoiseCipher[] split() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake not complete");
        }
        NoiseCipher[] c = ss.split();
        return initiator ? c : new NoiseCipher[] {c[1], c[0]};
    }
}
