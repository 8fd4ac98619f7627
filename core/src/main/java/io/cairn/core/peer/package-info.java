/**
 * Peer identity: {@link io.cairn.core.peer.PeerId} (the multihash of a peer's public key, per libp2p's
 * {@code peer-ids/peer-ids.md}), libp2p's protobuf key encodings ({@link io.cairn.core.peer.PublicKey},
 * {@link io.cairn.core.peer.KeyType}), signature verification for all four key types with go-libp2p's rules
 * (Ed25519, RSA, secp256k1, ECDSA; package-private {@code *Verifier} classes over a strict DER reader) and the
 * node's own Ed25519 key ({@link io.cairn.core.peer.Ed25519KeyPair}).
 *
 * <p>These values live in core, not in network as DESIGN.md's module table says, on purpose: the storage module
 * creates the node's key and writes its peer ID into the config at {@code cairn init} and may not depend on
 * network, and core's own ports (content routing, block exchange) name peers. Network builds its transport
 * security and DHT on these types.
 *
 * <p>Malformed input gets {@link io.cairn.core.peer.PeerIdFormatException} (peer ID text or bytes) or
 * {@link io.cairn.core.peer.KeyFormatException} (key encodings), and nothing else.
 */
package io.cairn.core.peer;
