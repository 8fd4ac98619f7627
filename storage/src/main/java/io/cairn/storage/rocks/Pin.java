package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Cid;
import java.util.Objects;

/**
 * One pin.
 *
 * @param cid the CID as it was pinned (for {@link PinType#INDIRECT}: as a parent links to it)
 * @param type {@link PinType#RECURSIVE}, {@link PinType#DIRECT} or {@link PinType#INDIRECT}
 * @param name the name given when pinning, or {@code null}; always {@code null} for indirect pins
 */
public record Pin(Cid cid, PinType type, String name) {
    public Pin {
        Objects.requireNonNull(cid, "cid");
        if (type == null || type == PinType.ALL) {
            throw new IllegalArgumentException("a pin is recursive, direct or indirect, not " + type);
        }
    }
}
