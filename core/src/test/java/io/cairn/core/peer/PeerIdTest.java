package io.cairn.core.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.multiformats.Multibase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Peer IDs against real implementations. Sources:
 * <ul>
 *   <li>libp2p/specs {@code peer-ids/peer-ids.md} (commit 7740c07): the key test vectors and the three example IDs;
 *   <li>js-libp2p, {@code @libp2p/crypto} 5.1.23 and {@code @libp2p/peer-id} 6.0.15 run under Node 24:
 *       {@code generateKeyPairFromSeed('Ed25519', seed)}, {@code privateKeyToProtobuf}, {@code publicKeyToProtobuf},
 *       {@code peerIdFromPrivateKey(k).toString()}, {@code .toCID().toString()} and {@code .toString(base36)},
 *       {@code peerIdFromPublicKey(publicKeyFromProtobuf(...))} for the spec's RSA and secp256k1 keys.
 * </ul>
 * The values were copied from the JavaScript output; none was computed by Cairn.
 */
class PeerIdTest {
    private static final HexFormat HEX = HexFormat.of();

    /** seed, PrivateKey protobuf, PublicKey protobuf, peer ID, CID base32, CID base36 (from js-libp2p). */
    @ParameterizedTest
    @CsvSource({
        // RFC 8032 section 7.1 TEST 1 secret key
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + "080112409d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,"
            + "08011220d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,"
            + "12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV,"
            + "bafzaajaiaejcbv22taayfmikw7kux7wtzfsaooqo4fzphwvgems26aq2nd3qoui2,"
            + "k51qzi5uqu5dljtg5upm7x7ugan9lql3ewyknv4r4mhhkwzn8n7cnbd1unfwgq",
        // RFC 8032 section 7.1 TEST 2 secret key
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + "080112404ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,"
            + "080112203d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,"
            + "12D3KooWDwTirQce1RRKnasT5fPVFgzXCy6SiRgSwrwPGLC7zE91,"
            + "bafzaajaiaejcapkac7b6qq4jlkjlocvhjunx5pe4tawm6lwes2gmbtkv6evpizqm,"
            + "k51qzi5uqu5dhpjot0f7ncinr7yh3njwtxy129qjgpbdu9rydw02vtek4g2ubw",
        "0000000000000000000000000000000000000000000000000000000000000000,"
            + "080112400000000000000000000000000000000000000000000000000000000000000000"
            + "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29,"
            + "080112203b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29,"
            + "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN,"
            + "bafzaajaiaejcao3ke66m5nvefvrkhkgqfjxq243fgikxohpciotdvqciugfvtwrj,"
            + "k51qzi5uqu5dhnwe629wdlncpql6frppdpwnz4wtlcw816aysd5wwlk63g4wmh",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff,"
            + "08011240ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
            + "76a1592044a6e4f511265bca73a604d90b0529d1df602be30a19a9257660d1f5,"
            + "0801122076a1592044a6e4f511265bca73a604d90b0529d1df602be30a19a9257660d1f5,"
            + "12D3KooWHoSyTgntm77sXShoeX9uNkqKNMhHxKtskaHqnA54SrSG,"
            + "bafzaajaiaejca5vbleqejjxe6uismw6kootajwilauu5dx3afprqugnjev3gbupv,"
            + "k51qzi5uqu5dj51520xqw8k9aoyj81g69u8rtrzwx9ja6446yfe7zg83ndrpbp",
    })
    void ed25519KeysGiveJsLibp2pPeerIds(String seed, String privHex, String pubHex, String peerId, String base32,
            String base36) {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(HEX.parseHex(seed));
        assertEquals(privHex, HEX.formatHex(pair.toProtobuf()));
        assertEquals(pubHex, HEX.formatHex(pair.publicKey().toProtobuf()));
        PeerId id = pair.peerId();
        assertEquals(peerId, id.toString());
        assertEquals(base32, id.toCid().toString());
        assertEquals(base36, id.toCid().toString(Multibase.BASE36));

        assertEquals(id, PeerId.parse(peerId));
        assertEquals(id, PeerId.parse(base32));
        assertEquals(id, PeerId.parse(base36));
        assertEquals(id, PeerId.fromBytes(id.toBytes()));
        // The identity multihash inlines the key: 0x00, length 36, then the PublicKey protobuf.
        assertEquals("0024" + pubHex, HEX.formatHex(id.toBytes()));
        assertEquals(pair.publicKey(), id.inlinePublicKey().orElseThrow());
        assertTrue(id.matches(pair.publicKey()));
        assertEquals(pair, Ed25519KeyPair.fromProtobuf(HEX.parseHex(privHex)));
    }

    @Test
    void specEd25519VectorsDeriveTheSpecPublicKey() {
        // peer-ids.md "Test vectors": the public key must be derivable from the private key.
        byte[] priv = HEX.parseHex("080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2"
                + "c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        String pub = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
        Ed25519KeyPair pair = Ed25519KeyPair.fromProtobuf(priv);
        assertEquals(pub, HEX.formatHex(pair.publicKey().toProtobuf()));
        assertArrayEquals(priv, pair.toProtobuf());
        assertEquals(PublicKey.fromProtobuf(HEX.parseHex(pub)), pair.publicKey());
        // js-libp2p's peer ID for that key:
        assertEquals("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", pair.peerId().toString());
        assertEquals("bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
                pair.peerId().toCid().toString());
    }

    @Test
    void longKeysAreHashedWithSha256() throws IOException {
        // The spec's RSA public key (555 bytes encoded, > 42): js-libp2p gives a sha2-256 peer ID.
        PublicKey rsa = PublicKey.fromProtobuf(HEX.parseHex(resource("spec-rsa-public-key.hex")));
        assertEquals(KeyType.RSA, rsa.type());
        assertEquals("QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG", rsa.peerId().toString());
        assertEquals("bafzbeifwzcumbiyql7bhv7fe7mixg6i7aohegq75k234m63bnw6dbicmzu", rsa.peerId().toCid().toString());
        assertTrue(rsa.peerId().inlinePublicKey().isEmpty());
        assertTrue(rsa.peerId().matches(rsa));
        assertFalse(rsa.verify(new byte[1], new byte[64]));
        // The spec's secp256k1 public key (37 bytes encoded, <= 42) is inlined.
        PublicKey secp = PublicKey.fromProtobuf(HEX.parseHex(
                "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"));
        assertEquals("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY", secp.peerId().toString());
        assertEquals("bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte",
                secp.peerId().toCid().toString());
        assertEquals(secp, secp.peerId().inlinePublicKey().orElseThrow());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PeerIdTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    @Test
    void specExamplesParse() {
        // peer-ids.md "String representation" examples; the sha256 pair are the same ID in both forms.
        PeerId qm = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertEquals(qm, cid);
        assertEquals("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", cid.toString());
        assertEquals("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", qm.toCid().toString());
        assertTrue(qm.inlinePublicKey().isEmpty());

        PeerId ed = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        // js-libp2p: toCID().toString() and the multihash bytes.
        assertEquals("bafzaajaiaejcal72gwuz2or47oyxxn6b3rkwdmmkrxgkjxzy3rqt5kczyn7lcm3l", ed.toCid().toString());
        assertEquals("0024080112202ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b",
                HEX.formatHex(ed.toBytes()));
        assertEquals(KeyType.ED25519, ed.inlinePublicKey().orElseThrow().type());
        assertNotEquals(qm, ed);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "12D3KooW",                                                    // truncated
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5", // one character short
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx50", // '0' is not base58
        "bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe",  // dag-pb CID, not libp2p-key
        "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",  // raw CID
        "zQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",            // multibase of a bare multihash
        "!!!",
        "8Wt7mVyFQ1Ab",                                                // base58 but starts with neither 1 nor Qm
        "1",
    })
    void badTextIsTyped(String text) {
        assertThrows(PeerIdFormatException.class, () -> PeerId.parse(text));
    }

    @Test
    void onlySha256AndIdentityAreAccepted() {
        // sha2-512 multihash (code 0x13) of 64 zero bytes
        byte[] sha512 = new byte[66];
        sha512[0] = 0x13;
        sha512[1] = 64;
        assertThrows(PeerIdFormatException.class, () -> PeerId.fromBytes(sha512));
        // sha2-256 with a short digest
        assertThrows(PeerIdFormatException.class, () -> PeerId.fromBytes(new byte[] {0x12, 2, 1, 2}));
        // identity of 129 bytes exceeds the cap
        byte[] big = new byte[3 + 129];
        big[1] = (byte) 0x81;
        big[2] = 1;
        assertThrows(PeerIdFormatException.class, () -> PeerId.fromBytes(big));
        assertThrows(PeerIdFormatException.class, () -> PeerId.fromBytes(new byte[0]));
        assertThrows(PeerIdFormatException.class, () -> PeerId.fromBytes(null));
        assertThrows(PeerIdFormatException.class, () -> PeerId.parse("x".repeat(100_000)));
    }

    @Test
    void identityIdWithoutAKeyHasNoInlineKey() {
        PeerId id = PeerId.fromBytes(new byte[] {0, 3, 1, 2, 3});
        assertFalse(id.inlinePublicKey().isPresent());
        assertEquals(id, PeerId.parse(id.toString()));
    }
}
