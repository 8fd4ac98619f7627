package io.cairn.core.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ed25519 signing and libp2p's key encodings. Signature vectors: RFC 8032 section 7.1 (TEST 1 and TEST 2), and
 * js-libp2p ({@code @libp2p/crypto} 5.1.23, {@code generateKeyPairFromSeed('Ed25519', seed).sign(message)}).
 */
class Ed25519KeyPairTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String SEED1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUB1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String PUB1_FLIPPED = "d65a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @ParameterizedTest
    @CsvSource({
        // RFC 8032 TEST 1 (empty message) and TEST 2 (one byte 0x72)
        SEED1 + ",'',e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
            + "6bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,72,92a009a9f0d4cab8720e820b5f642540a2b27b54"
            + "16503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        // js-libp2p, message "cairn peer id test message" in UTF-8 (hex below)
        SEED1 + ",636169726e20706565722069642074657374206d657373616765,"
            + "9787d698190c0991d63bc595449a233ca955762977acddaf3e433e97c8eb2d39defc6ba650490cf24f9b41ca71d7f7202b6b7e"
            + "207ae6f774dd48ddea76e6720e",
    })
    void signaturesMatchReferenceImplementations(String seed, String messageHex, String signature) {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(HEX.parseHex(seed));
        byte[] message = HEX.parseHex(messageHex);
        assertEquals(signature, HEX.formatHex(pair.sign(message)));
        assertTrue(pair.verify(message, HEX.parseHex(signature)));
        assertTrue(pair.publicKey().verify(message, HEX.parseHex(signature)));
    }

    @Test
    void publicKeyOfRfcSeed() {
        assertEquals(PUB1, HEX.formatHex(Ed25519KeyPair.fromSeed(HEX.parseHex(SEED1)).publicKey().data()));
    }

    @Test
    void tamperedSignaturesAndMessagesDoNotVerify() {
        Ed25519KeyPair pair = Ed25519KeyPair.generate(new SecureRandom());
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sig = pair.sign(msg);
        assertTrue(pair.verify(msg, sig));
        assertFalse(pair.verify("hellp".getBytes(StandardCharsets.UTF_8), sig));
        byte[] bad = sig.clone();
        bad[10] ^= 1;
        assertFalse(pair.verify(msg, bad));
        assertFalse(pair.verify(msg, new byte[63]));
        assertFalse(pair.verify(msg, null));
        Ed25519KeyPair other = Ed25519KeyPair.generate(new SecureRandom());
        assertFalse(other.verify(msg, sig));
    }

    @Test
    void generatedKeysDiffer() {
        SecureRandom r = new SecureRandom();
        assertFalse(Ed25519KeyPair.generate(r).equals(Ed25519KeyPair.generate(r)));
        assertTrue(Ed25519KeyPair.generate(r).peerId().toString().startsWith("12D3KooW"));
    }

    @Test
    void oldNinetySixByteFormIsAccepted() {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(HEX.parseHex(SEED1));
        byte[] old = HEX.parseHex("08011260" + SEED1 + PUB1 + PUB1);
        assertEquals(pair, Ed25519KeyPair.fromProtobuf(old));
        // ...and written back in the 64-byte form go-libp2p writes.
        assertArrayEquals(HEX.parseHex("08011240" + SEED1 + PUB1), Ed25519KeyPair.fromProtobuf(old).toProtobuf());
        // Fields in reverse order decode too (protobuf allows it); the encoding is canonical again.
        byte[] reversed = HEX.parseHex("1240" + SEED1 + PUB1 + "0801");
        assertEquals(pair, Ed25519KeyPair.fromProtobuf(reversed));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                      // nothing
        "0801",                                  // no Data
        "1240" + SEED1 + PUB1,                   // no Type
        "08011220" + PUB1,                       // 32 bytes of Data: a public key, not a private one
        "08001240" + SEED1 + PUB1,               // RSA type
        "08071240" + SEED1 + PUB1,               // unknown type
        "080108011240" + SEED1 + PUB1,           // Type twice
        "08011240" + SEED1 + PUB1 + "1a00",      // unknown field 3
        "08011241" + SEED1 + PUB1,               // Data length past the end
        "0881001240" + SEED1 + PUB1,             // Type as an over-long varint
        "08011260" + SEED1 + PUB1 + PUB1_FLIPPED,   // old form, the two public keys differ
        "08011240" + SEED1 + PUB1_FLIPPED,          // public half does not match the seed
    })
    void malformedPrivateKeysAreTyped(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(KeyFormatException.class, () -> Ed25519KeyPair.fromProtobuf(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0801", "08011221" + PUB1 + "00", "0801121f" + "00", "08011220" + "00", "0804120100"})
    void malformedPublicKeysAreTyped(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(KeyFormatException.class, () -> PublicKey.fromProtobuf(bytes));
    }

    @Test
    void seedLengthIsChecked() {
        assertThrows(KeyFormatException.class, () -> Ed25519KeyPair.fromSeed(new byte[31]));
        assertThrows(KeyFormatException.class, () -> Ed25519KeyPair.fromSeed(null));
        assertThrows(KeyFormatException.class, () -> PublicKey.of(KeyType.ED25519, new byte[33]));
    }

    @Test
    void toStringDoesNotLeakTheSeed() {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(HEX.parseHex(SEED1));
        assertFalse(pair.toString().contains(SEED1));
        assertTrue(pair.toString().contains(pair.peerId().toString()));
    }
}
