package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Multihash;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory registry of temporary pins: multihash to the number of open handles holding it. A handle holds a
 * multihash at most once, so closing it releases exactly what it took.
 *
 * <p>Ordering with GC is the caller's business: a holder registers a multihash (under the store's GC lock, read
 * side) before it checks that the block is present, and GC checks the registry under the write side, so a block
 * seen present by a holder is never deleted under it.
 */
final class TempPins {
    private final ConcurrentHashMap<Multihash, Integer> held = new ConcurrentHashMap<>();

    boolean isHeld(Multihash mh) {
        return held.containsKey(mh);
    }

    int size() {
        return held.size();
    }

    Handle newHandle() {
        return new Handle();
    }

    private void hold(Multihash mh) {
        held.merge(mh, 1, Integer::sum);
    }

    private void release(Multihash mh) {
        held.computeIfPresent(mh, (k, n) -> n == 1 ? null : n - 1);
    }

    /** One holder's set of multihashes. */
    final class Handle implements TempPin {
        private final Set<Multihash> mine = new HashSet<>();
        private boolean closed;

        /** Holds {@code mh}; returns false if this handle already held it. */
        synchronized boolean add(Multihash mh) {
            if (closed) {
                throw new IllegalStateException("temporary pin already released");
            }
            if (!mine.add(mh)) {
                return false;
            }
            hold(mh);
            return true;
        }

        synchronized void addAll(Collection<Multihash> keys) {
            for (Multihash mh : keys) {
                add(mh);
            }
        }

        synchronized boolean contains(Multihash mh) {
            return mine.contains(mh);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Multihash mh : mine) {
                release(mh);
            }
            mine.clear();
        }
    }
}
