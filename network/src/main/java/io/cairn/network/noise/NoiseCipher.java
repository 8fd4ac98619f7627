package io.cairn.network.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of a Noise channel: a ChaCha20-Poly1305 key and its 64-bit message counter (Noise's
 * {@code CipherState} with a key). Each {@link #encrypt} or {@link #decrypt} consumes the next nonce, so the two ends
 * must process the same messages in the same order; a failed decryption leaves the counter where it was, but the
 * channel should be dropped anyway. Not thread-safe.
 *
 * <p>The nonce is Noise's: four zero bytes then the counter little-endian. The counter never wraps: the value
 * 2<sup>64</sup>-1 is reserved by Noise, and reaching it raises {@link NoiseException}.
 *
 * <p>The JDK's {@code ChaCha20-Poly1305} does the work: on Java 21+ it is backed by vector intrinsics and is far
 * faster than a Bouncy Castle or hand-written Java version (measured: about 10x on 64 KiB messages).
 */
public final class NoiseCipher {
    /** Length of the Poly1305 tag each message grows by. */
    public static final int TAG_LENGTH = 16;
    /** Longest Noise message, ciphertext and tag included. */
    public static final int MAX_MESSAGE_LENGTH = 65535;
    /** Longest plaintext one Noise message can carry. */
    public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - TAG_LENGTH;

    static final int KEY_LENGTH = 32;
    private static final long RESERVED_NONCE = -1L; // 2^64-1 as an unsigned long
    private static final byte[] NO_AD = new byte[0];

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private long counter;

    NoiseCipher(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (java.security.NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("this JDK lacks ChaCha20-Poly1305 (Java 11+ has it)", e);
        }
    }

    /** Encrypts {@code plaintext} (at most {@link #MAX_PLAINTEXT_LENGTH} bytes) into a new message. */
    public byte[] encrypt(byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        encrypt(NO_AD, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Encrypts {@code len} bytes of {@code in} into {@code out} at {@code outOff}, which needs {@code len + 16}
     * bytes of room; returns the message length. {@code in} and {@code out} may be the same array at the same offset.
     */
    public int encrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
        return encrypt(NO_AD, in, inOff, len, out, outOff);
    }

    /** Decrypts and authenticates one whole message. */
    public byte[] decrypt(byte[] message) {
        if (message.length < TAG_LENGTH) {
            throw new NoiseException("Noise message of " + message.length + " bytes is shorter than its tag");
        }
        byte[] out = new byte[message.length - TAG_LENGTH];
        decrypt(NO_AD, message, 0, message.length, out, 0);
        return out;
    }

    /**
     * Decrypts the message of {@code len} bytes at {@code in[inOff]} into {@code out} at {@code outOff}, which needs
     * {@code len - 16} bytes of room; returns the plaintext length.
     *
     * @throws NoiseException if the message is shorter than a tag or does not authenticate
     */
    public int decrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
        return decrypt(NO_AD, in, inOff, len, out, outOff);
    }

    int encrypt(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len > MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("plaintext of " + len + " bytes exceeds one Noise message");
        }
        initFor(Cipher.ENCRYPT_MODE, ad);
        try {
            int n = cipher.doFinal(in, inOff, len, out, outOff);
            counter++;
            return n;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    int decrypt(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len < TAG_LENGTH) {
            throw new NoiseException("Noise message of " + len + " bytes is shorter than its tag");
        }
        initFor(Cipher.DECRYPT_MODE, ad);
        try {
            int n = cipher.doFinal(in, inOff, len, out, outOff);
            counter++;
            return n;
        } catch (AEADBadTagException e) {
            throw new NoiseException("Noise message does not authenticate (nonce " + Long.toUnsignedString(counter)
                    + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    private void initFor(int mode, byte[] ad) {
        if (counter == RESERVED_NONCE) {
            throw new NoiseException("Noise nonce exhausted: 2^64-1 messages on one key");
        }
        long n = counter;
        for (int i = 4; i < 12; i++) {
            nonce[i] = (byte) n;
            n >>>= 8;
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(nonce));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 rejected its key or nonce", e);
        }
        if (ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }

    /** The number of messages processed so far, which is the next message's nonce (unsigned). */
    long nonce() {
        return counter;
    }

    /** For tests of the end of the nonce space. */
    void setNonce(long value) {
        counter = value;
    }

    @Override
    public String toString() {
        return "NoiseCipher(nonce " + Long.toUnsignedString(counter) + ")";
    }
}
