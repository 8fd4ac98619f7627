package io.cairn.network.dht;

import io.cairn.core.FormatException;
import io.cairn.core.multiformats.HashFunction;
import io.cairn.core.multiformats.Multihash;
import java.util.List;

/**
 * The {@code /pk} namespace, as go-libp2p-record's {@code PublicKeyValidator}: the key is {@code /pk/} followed by a
 * multihash, and the value must be bytes whose SHA-256 multihash is that multihash — the public key protobuf of a
 * peer whose ID is hashed (RSA, ECDSA). All valid values are equal, so {@link #select} takes the first.
 */
final class PublicKeyValidator implements RecordValidator {
    static final PublicKeyValidator INSTANCE = new PublicKeyValidator();

    private PublicKeyValidator() {}

    @Override
    public void validate(byte[] key, byte[] value) {
        String ns = NamespacedValidator.namespace(key);
        if (!"pk".equals(ns)) {
            throw new InvalidRecordException("namespace is not 'pk'");
        }
        Multihash expected;
        try {
            expected = Multihash.fromBytes(NamespacedValidator.rest(key, ns));
        } catch (FormatException e) {
            throw new InvalidRecordException("/pk key does not hold a multihash: " + e.getMessage(), e);
        }
        if (!expected.equals(Multihash.digest(HashFunction.SHA2_256, value))) {
            throw new InvalidRecordException("public key does not match its /pk key");
        }
    }

    @Override
    public int select(byte[] key, List<byte[]> values) {
        return 0;
    }
}
