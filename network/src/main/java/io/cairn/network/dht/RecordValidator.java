package io.cairn.network.dht;

import java.util.List;
import java.util.Map;

/**
 * Decides which value records the DHT stores and returns, as go-libp2p-record's {@code Validator}. Both methods are
 * pure. Keys are raw record keys ({@code /namespace/...}).
 */
public interface RecordValidator {
    /** Throws {@link InvalidRecordException} when {@code value} is not a valid record for {@code key}. */
    void validate(byte[] key, byte[] value);

    /** The index of the best of {@code values} (at least one), all valid for {@code key}; must be stable. */
    int select(byte[] key, List<byte[]> values);

    /**
     * Dispatches on the namespace, the text between the key's leading {@code /} and the next one, as go's
     * {@code NamespacedValidator}: a key with no namespace or an unknown one is invalid.
     */
    static RecordValidator namespaced(Map<String, RecordValidator> byNamespace) {
        return new NamespacedValidator(Map.copyOf(byNamespace));
    }

    /** The {@code /pk} namespace: {@code /pk/<multihash>} maps to the public key whose SHA-256 multihash it is. */
    static RecordValidator publicKey() {
        return PublicKeyValidator.INSTANCE;
    }

    /** The validator of the public DHT: {@code /pk} only (IPNS belongs to a later layer). */
    static RecordValidator standard() {
        return namespaced(Map.of("pk", publicKey()));
    }
}
