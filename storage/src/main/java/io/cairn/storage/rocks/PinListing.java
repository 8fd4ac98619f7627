package io.cairn.storage.rocks;

import io.cairn.core.ipld.IpldFormatException;
import io.cairn.core.ipld.Links;
import io.cairn.core.multiformats.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The iterators behind {@link Pinner#list}. Indirect pins are found lazily, depth-first from each recursive root
 * in link order, reading only blocks that may have links (dag-pb, dag-cbor, dag-json: {@link Links}); leaves are
 * listed from their parents' links. A block removed
 * while the walk runs (its pin dropped and collected meanwhile) is skipped rather than failing the listing.
 */
final class PinListing {
    private PinListing() {}

    static Iterator<Pin> of(RocksStore store, List<Pin> records, PinType type) {
        List<Pin> recursive = records.stream().filter(p -> p.type() == PinType.RECURSIVE).collect(Collectors.toList());
        List<Pin> direct = records.stream().filter(p -> p.type() == PinType.DIRECT).collect(Collectors.toList());
        return switch (type) {
            case RECURSIVE -> recursive.iterator();
            case DIRECT -> direct.iterator();
            case INDIRECT -> new Indirect(store, recursive, cids(recursive));
            case ALL -> {
                List<Iterator<Pin>> parts = List.of(recursive.iterator(), direct.iterator(),
                        new Indirect(store, recursive, cids(records)));
                yield new Concat(parts);
            }
        };
    }

    private static Set<Cid> cids(List<Pin> pins) {
        return pins.stream().map(Pin::cid).collect(Collectors.toSet());
    }

    /** CIDs reachable from recursive roots, each once, except those in {@code excluded}. */
    private static final class Indirect implements Iterator<Pin> {
        private final RocksStore store;
        private final Deque<Cid> roots = new ArrayDeque<>();
        private final Deque<Cid> todo = new ArrayDeque<>();
        private final Set<Cid> seen = new HashSet<>();
        private final Set<Cid> excluded;
        private Pin next;

        Indirect(RocksStore store, List<Pin> recursive, Set<Cid> excluded) {
            this.store = store;
            this.excluded = excluded;
            recursive.forEach(p -> roots.add(p.cid()));
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                Cid cid;
                if (!todo.isEmpty()) {
                    cid = todo.pop();
                    if (!seen.add(cid)) {
                        continue;
                    }
                    expand(cid);
                    if (!excluded.contains(cid)) {
                        next = new Pin(cid, PinType.INDIRECT, null);
                    }
                } else if (!roots.isEmpty()) {
                    cid = roots.poll();
                    if (seen.add(cid)) {
                        expand(cid);
                    }
                } else {
                    return false;
                }
            }
            return true;
        }

        private void expand(Cid cid) {
            if (!Links.mayHaveLinks(cid.codec())) {
                return;
            }
            Optional<byte[]> bytes;
            try {
                bytes = store.call("listing indirect pins", () -> store.readBlock(cid.multihash(), cid, false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (bytes.isEmpty()) {
                return;
            }
            List<Cid> links;
            try {
                links = Links.of(cid, bytes.get());
            } catch (IpldFormatException e) {
                return; // pin verify reports it; a listing lists what it can
            }
            for (int i = links.size() - 1; i >= 0; i--) {
                Cid child = links.get(i);
                if (!seen.contains(child)) {
                    todo.push(child);
                }
            }
        }

        @Override
        public Pin next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Pin p = next;
            next = null;
            return p;
        }
    }

    private static final class Concat implements Iterator<Pin> {
        private final List<Iterator<Pin>> parts;
        private int i;

        Concat(List<Iterator<Pin>> parts) {
            this.parts = new ArrayList<>(parts);
        }

        @Override
        public boolean hasNext() {
            while (i < parts.size()) {
                if (parts.get(i).hasNext()) {
                    return true;
                }
                i++;
            }
            return false;
        }

        @Override
        public Pin next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return parts.get(i).next();
        }
    }
}
