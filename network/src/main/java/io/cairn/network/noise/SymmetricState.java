package io.cairn.network.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's {@code SymmetricState} for SHA-256 and ChaCha20-Poly1305 (Noise spec, section 5.2): the chaining key
 * {@code ck}, the handshake hash {@code h}, and the cipher keyed by the latest {@code MixKey} (none before the first).
 */
final class SymmetricState {
    static final int HASH_LENGTH = 32;

    private byte[] ck;
    private byte[] h;
    private NoiseCipher cipher;

    SymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        h = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
        ck = h.clone();
    }

    void mixHash(byte[] data) {
        h = sha256(h, data);
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial);
        ck = out[0];
        cipher = new NoiseCipher(out[1]);
    }

    /** Appends {@code plaintext} (encrypted once a key is mixed in) to {@code out} at {@code off}; returns the end. */
    int encryptAndHash(byte[] plaintext, byte[] out, int off) {
        int n;
        if (cipher == null) {
            System.arraycopy(plaintext, 0, out, off, plaintext.length);
            n = plaintext.length;
        } else {
            n = cipher.encrypt(h, plaintext, 0, plaintext.length, out, off);
        }
        mixHash(Arrays.copyOfRange(out, off, off + n));
        return off + n;
    }

    /** The plaintext of {@code len} bytes at {@code in[off]}; throws {@link NoiseException} if it does not verify. */
    byte[] decryptAndHash(byte[] in, int off, int len) {
        byte[] ciphertext = Arrays.copyOfRange(in, off, off + len);
        byte[] plaintext;
        if (cipher == null) {
            plaintext = ciphertext.clone();
        } else {
            if (len < NoiseCipher.TAG_LENGTH) {
                throw new NoiseHandshakeException("handshake field of " + len + " bytes is shorter than its tag");
            }
            plaintext = new byte[len - NoiseCipher.TAG_LENGTH];
            try {
                cipher.decrypt(h, ciphertext, 0, len, plaintext, 0);
            } catch (NoiseHandshakeException e) {
                throw e;
            } catch (NoiseException e) {
                throw new NoiseHandshakeException("handshake message does not authenticate", e);
            }
        }
        mixHash(ciphertext);
        return plaintext;
    }

    boolean hasKey() {
        return cipher != null;
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    /** The initiator-to-responder and responder-to-initiator ciphers. */
    NoiseCipher[] split() {
        byte[][] out = hkdf(ck, new byte[0]);
        return new NoiseCipher[] {new NoiseCipher(out[0]), new NoiseCipher(out[1])};
    }

    /** Noise's HKDF with two outputs: HMAC-SHA256 extract, then two chained expand blocks. */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] out1 = hmac(tempKey, new byte[] {1});
        byte[] out2in = Arrays.copyOf(out1, HASH_LENGTH + 1);
        out2in[HASH_LENGTH] = 2;
        byte[] out2 = hmac(tempKey, out2in);
        Arrays.fill(tempKey, (byte) 0);
        return new byte[][] {out1, out2};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
