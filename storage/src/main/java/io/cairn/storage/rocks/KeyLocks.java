package io.cairn.storage.rocks;

import io.cairn.core.multiformats.Multihash;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over multihashes, so that "is this block new? then write it and count it" is atomic per block
 * while writes of different blocks proceed in parallel (and RocksDB can group their WAL syncs). Several stripes are
 * always taken in ascending order, so two writers never deadlock.
 */
final class KeyLocks {
    private static final int STRIPES = 64;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Holds the stripes of some multihashes until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held lock(Collection<Multihash> keys) {
        TreeSet<Integer> stripes = new TreeSet<>();
        for (Multihash mh : keys) {
            stripes.add(Math.floorMod(mh.hashCode(), STRIPES));
        }
        int[] taken = new int[stripes.size()];
        int n = 0;
        try {
            for (int s : stripes) {
                locks[s].lock();
                taken[n++] = s;
            }
        } catch (RuntimeException | Error e) {
            unlock(taken, n);
            throw e;
        }
        int count = n;
        return () -> unlock(taken, count);
    }

    private void unlock(int[] taken, int n) {
        for (int i = n - 1; i >= 0; i--) {
            locks[taken[i]].unlock();
        }
    }
}
