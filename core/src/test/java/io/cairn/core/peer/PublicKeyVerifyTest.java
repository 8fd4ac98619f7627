package io.cairn.core.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PublicKey#verify} for all four key types against signatures made by real implementations
 * ({@code signature-vectors.csv}: @libp2p/crypto and node:crypto, checked with Go's libraries; its header says how).
 * Nothing expected here was computed by Cairn.
 */
class PublicKeyVerifyTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(String name, String expect, byte[] key, byte[] message, byte[] signature, String peerId,
            String cid) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() throws IOException {
        return read("signature-vectors.csv");
    }

    static List<Vector> edgeCases() throws IOException {
        return read("signature-edge-cases.csv");
    }

    private static List<Vector> read(String resource) throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = PublicKeyVerifyTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                out.add(new Vector(f[0], f[1], HEX.parseHex(f[2]), HEX.parseHex(f[3]), HEX.parseHex(f[4]),
                        f.length > 5 ? f[5] : "", f.length > 6 ? f[6] : ""));
            }
        }
        return out;
    }

    static Stream<Vector> valid() throws IOException {
        return vectors().stream().filter(v -> v.expect().equals("valid"));
    }

    static Stream<Vector> badSignature() throws IOException {
        return vectors().stream().filter(v -> v.expect().equals("bad-signature"));
    }

    static Stream<Vector> badKey() throws IOException {
        return vectors().stream().filter(v -> v.expect().equals("bad-key"));
    }

    @Test
    void everyTypeIsCovered() throws IOException {
        assertEquals(22, vectors().size());
        for (KeyType t : KeyType.values()) {
            assertTrue(valid().anyMatch(v -> PublicKey.fromProtobuf(v.key()).type() == t), t.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void realSignaturesVerify(Vector v) {
        PublicKey key = PublicKey.fromProtobuf(v.key());
        assertTrue(key.verify(v.message(), v.signature()));
        assertArrayEquals(v.key(), key.toProtobuf());
        assertEquals(key, PublicKey.of(key.type(), key.data()));
        assertTrue(PublicKey.of(key.type(), key.data()).verify(v.message(), v.signature()));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void everyFlippedBitFails(Vector v) {
        PublicKey key = PublicKey.fromProtobuf(v.key());
        byte[] sig = v.signature();
        // Every bit of short signatures; for RSA's long ones, every bit of the first and last 16 bytes.
        for (int i = 0; i < sig.length; i++) {
            if (sig.length > 200 && i >= 16 && i < sig.length - 16) {
                continue;
            }
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = sig.clone();
                bad[i] ^= (byte) (1 << bit);
                assertFalse(key.verify(v.message(), bad), "byte " + i + " bit " + bit);
            }
        }
        byte[] msg = v.message().clone();
        msg[0] ^= 1;
        assertFalse(key.verify(msg, sig));
        assertFalse(key.verify(new byte[0], sig));
        assertFalse(key.verify(v.message(), Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(key.verify(v.message(), new byte[0]));
        assertFalse(key.verify(v.message(), null));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void otherKeysDoNotVerify(Vector v) throws IOException {
        for (Vector other : vectors()) {
            if (other.expect().equals("bad-key") || Arrays.equals(other.key(), v.key())) {
                continue;
            }
            assertFalse(PublicKey.fromProtobuf(other.key()).verify(v.message(), v.signature()),
                    other.name() + " verified " + v.name() + "'s signature");
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void peerIdsMatchJsLibp2p(Vector v) {
        if (v.peerId().isEmpty()) {
            return;   // rows that reuse another row's key
        }
        PublicKey key = PublicKey.fromProtobuf(v.key());
        PeerId id = key.peerId();
        assertEquals(v.peerId(), id.toString());
        assertEquals(v.cid(), id.toCid().toString());
        assertEquals(id, PeerId.parse(v.peerId()));
        assertEquals(id, PeerId.parse(v.cid()));
        assertTrue(id.matches(key));
        // At most 42 bytes (Ed25519, compressed secp256k1) is inlined, anything longer hashed.
        assertEquals(v.key().length <= PeerId.MAX_INLINE_KEY_LENGTH, id.inlinePublicKey().isPresent());
        id.inlinePublicKey().ifPresent(k -> assertEquals(key, k));
    }

    @ParameterizedTest
    @MethodSource("badSignature")
    void jsLibp2pEcdsaSignaturesAreNotDer(Vector v) {
        // WebCrypto's raw r||s: go-libp2p's asn1.Unmarshal refuses it, and so do we.
        assertFalse(PublicKey.fromProtobuf(v.key()).verify(v.message(), v.signature()));
    }

    @ParameterizedTest
    @MethodSource("badKey")
    void keysGoLibp2pRefusesAreTypedErrors(Vector v) {
        assertThrows(KeyFormatException.class, () -> PublicKey.fromProtobuf(v.key()));
    }

    /** Hand-altered keys and signatures, each answered as go-libp2p's libraries answer it. */
    @ParameterizedTest
    @MethodSource("edgeCases")
    void edgeCasesAsGoAnswersThem(Vector v) {
        switch (v.expect()) {
            case "bad-key":
                assertThrows(KeyFormatException.class, () -> PublicKey.fromProtobuf(v.key()));
                break;
            case "bad-signature":
                assertFalse(PublicKey.fromProtobuf(v.key()).verify(v.message(), v.signature()));
                break;
            default:
                assertEquals("valid", v.expect());
                PublicKey key = PublicKey.fromProtobuf(v.key());
                assertTrue(key.verify(v.message(), v.signature()));
                // Kept as sent: an uncompressed secp256k1 key is another encoding, so another peer ID.
                assertArrayEquals(v.key(), key.toProtobuf());
        }
    }

    @Test
    void highSSecp256k1SignaturesVerifyAsInGo() throws IOException {
        Vector low = find("secp256k1");
        Vector high = find("secp256k1-high-s");
        assertArrayEquals(low.key(), high.key());
        // The row really is the (r, n - s) twin of the js signature...
        BigInteger n = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
        assertEquals(derInteger(low.signature(), 0), derInteger(high.signature(), 0));
        assertEquals(n, derInteger(low.signature(), 1).add(derInteger(high.signature(), 1)));
        // ...and, as in go-libp2p (decred's ecdsa.Verify has no low-S rule), it verifies.
        assertTrue(PublicKey.fromProtobuf(high.key()).verify(high.message(), high.signature()));
    }

    /** The index-th INTEGER of a short DER SEQUENCE of INTEGERs (test helper, single-byte lengths). */
    private static BigInteger derInteger(byte[] sig, int index) {
        int at = 2;
        for (int i = 0; i < index; i++) {
            at += 2 + sig[at + 1];
        }
        return new BigInteger(Arrays.copyOfRange(sig, at + 2, at + 2 + sig[at + 1]));
    }

    private static Vector find(String name) throws IOException {
        return vectors().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
