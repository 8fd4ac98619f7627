package io.cairn.core.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multibase;
import io.cairn.core.multiformats.Multihash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Round trips of peer IDs and keys, and the typed-error guarantee: arbitrary text and bytes give a value or
 * {@link PeerIdFormatException} / {@link KeyFormatException}, nothing else.
 */
class PeerIdProperties {

    @Provide
    Arbitrary<PeerId> peerIds() {
        Arbitrary<PeerId> ed = Arbitraries.bytes().array(byte[].class).ofSize(32)
                .map(s -> Ed25519KeyPair.fromSeed(s).peerId());
        Arbitrary<PeerId> hashed = Arbitraries.bytes().array(byte[].class).ofMaxSize(600)
                .map(d -> PeerId.fromMultihash(Multihash.digest(HashFunction.SHA2_256, d)));
        Arbitrary<PeerId> identity = Arbitraries.bytes().array(byte[].class).ofMaxSize(HashFunction.MAX_IDENTITY_DIGEST)
                .map(d -> PeerId.fromMultihash(Multihash.of(0, d)));
        return Arbitraries.oneOf(ed, hashed, identity);
    }

    @Property
    void textRoundTrip(@ForAll("peerIds") PeerId id) {
        String text = id.toString();
        assertEquals(id, PeerId.parse(text));
        assertEquals(text, PeerId.parse(text).toString());
        assertEquals(id, PeerId.parse(id.toCid().toString()));
        assertEquals(id, PeerId.parse(id.toCid().toString(Multibase.BASE36)));
        assertEquals(id, PeerId.parse(id.toCid().toString(Multibase.BASE58_BTC)));
    }

    @Property
    void binaryRoundTrip(@ForAll("peerIds") PeerId id) {
        PeerId back = PeerId.fromBytes(id.toBytes());
        assertEquals(id, back);
        assertEquals(id.hashCode(), back.hashCode());
        assertArrayEquals(id.toBytes(), back.toBytes());
        assertEquals(0, id.compareTo(back));
    }

    @Property
    void ed25519IdsInlineTheirKey(@ForAll @Size(32) byte[] seed) {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(seed);
        PeerId id = pair.peerId();
        assertTrue(id.toString().startsWith("12D3KooW"));
        assertTrue(id.toCid().toString().startsWith("bafzaa"));
        assertEquals(pair.publicKey(), id.inlinePublicKey().orElseThrow());
        assertEquals(pair, Ed25519KeyPair.fromProtobuf(pair.toProtobuf()));
        assertEquals(pair.publicKey(), PublicKey.fromProtobuf(pair.publicKey().toProtobuf()));
    }

    @Property
    void signaturesVerify(@ForAll @Size(32) byte[] seed, @ForAll byte[] message) {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(seed);
        byte[] sig = pair.sign(message);
        assertTrue(pair.publicKey().verify(message, sig));
        byte[] other = java.util.Arrays.copyOf(message, message.length + 1);
        assertFalse(pair.publicKey().verify(other, sig));
    }

    @Property
    void arbitraryTextIsTypedError(@ForAll String text) {
        try {
            PeerId id = PeerId.parse(text);
            assertEquals(id, PeerId.parse(id.toString()));
        } catch (PeerIdFormatException expected) {
            // the one allowed failure
        }
    }

    @Property
    void arbitraryBase58IsTypedError(@ForAll("base58") String text) {
        try {
            PeerId.parse(text);
        } catch (PeerIdFormatException expected) {
            // the one allowed failure
        }
    }

    @Provide
    Arbitrary<String> base58() {
        return Arbitraries.strings().withChars("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
                .ofMaxLength(80).map(s -> (s.hashCode() & 1) == 0 ? "1" + s : "Qm" + s);
    }

    @Property
    void arbitraryBytesAreTypedError(@ForAll byte[] bytes) {
        try {
            PeerId id = PeerId.fromBytes(bytes);
            assertArrayEquals(bytes, id.toBytes());
        } catch (PeerIdFormatException expected) {
            // the one allowed failure
        }
    }

    @Property
    void arbitraryKeyBytesAreTypedError(@ForAll byte[] bytes) {
        try {
            PublicKey.fromProtobuf(bytes);
        } catch (KeyFormatException expected) {
            // the one allowed failure
        }
        try {
            Ed25519KeyPair.fromProtobuf(bytes);
        } catch (KeyFormatException expected) {
            // the one allowed failure
        }
    }

    @Property
    void mutatedKeysAreTypedError(@ForAll @Size(32) byte[] seed, @ForAll int position, @ForAll byte value) {
        byte[] priv = Ed25519KeyPair.fromSeed(seed).toProtobuf();
        priv[Math.floorMod(position, priv.length)] = value;
        try {
            Ed25519KeyPair.fromProtobuf(priv);
        } catch (KeyFormatException expected) {
            // the one allowed failure
        }
        byte[] pub = Ed25519KeyPair.fromSeed(seed).publicKey().toProtobuf();
        pub[Math.floorMod(position, pub.length)] = value;
        try {
            PublicKey k = PublicKey.fromProtobuf(pub);
            assertArrayEquals(pub, k.toProtobuf());
        } catch (KeyFormatException expected) {
            // the one allowed failure
        }
    }
}
