package io.cairn.network.dht;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@link RecordValidator#namespaced}: go-libp2p-record's {@code SplitKey} and {@code NamespacedValidator}. */
final class NamespacedValidator implements RecordValidator {
    private final Map<String, RecordValidator> byNamespace;

    NamespacedValidator(Map<String, RecordValidator> byNamespace) {
        this.byNamespace = byNamespace;
    }

    /** The namespace of {@code key}: {@code /ns/rest} gives {@code ns}; null when the key has none. */
    static String namespace(byte[] key) {
        if (key.length == 0 || key[0] != '/') {
            return null;
        }
        for (int i = 1; i < key.length; i++) {
            if (key[i] == '/') {
                return i == 1 ? null : new String(key, 1, i - 1, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** The bytes after {@code /ns/}. */
    static byte[] rest(byte[] key, String namespace) {
        return Arrays.copyOfRange(key, namespace.length() + 2, key.length);
    }

    private RecordValidator forKey(byte[] key) {
        String ns = namespace(key);
        RecordValidator v = ns == null ? null : byNamespace.get(ns);
        if (v == null) {
            throw new InvalidRecordException("no validator for record key namespace " + ns);
        }
        return v;
    }

    @Override
    public void validate(byte[] key, byte[] value) {
        forKey(key).validate(key, value);
    }

    @Override
    public int select(byte[] key, List<byte[]> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to select from");
        }
        return forKey(key).select(key, values);
    }
}
