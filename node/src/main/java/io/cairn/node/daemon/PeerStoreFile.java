package io.cairn.node.daemon;

import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.peer.PeerId;
import io.cairn.network.host.PeerStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer store across restarts: one line per peer, {@code PEERID ADDR ADDR ...}, written to a temporary file
 * and renamed over the old one so a crash leaves either the old or the new list. Loaded addresses get a fresh
 * hour; an unreadable line is skipped (the file is a cache, never the only copy of anything).
 */
final class PeerStoreFile {
    private static final Logger LOG = LoggerFactory.getLogger(PeerStoreFile.class);
    static final Duration LOADED_TTL = Duration.ofHours(1);

    private final Path path;

    PeerStoreFile(Path path) {
        this.path = path;
    }

    void loadInto(PeerStore store) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        int skipped = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 2) {
                continue;
            }
            try {
                PeerId peer = PeerId.parse(parts[0]);
                List<Multiaddr> addrs = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    addrs.add(Multiaddr.parse(parts[i]));
                }
                store.addAddresses(peer, addrs, LOADED_TTL);
            } catch (FormatException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.warn("{}: skipped {} unreadable lines", path, skipped);
        }
    }

    void save(PeerStore store) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (PeerId peer : store.peers()) {
                List<Multiaddr> addrs = store.addresses(peer);
                if (addrs.isEmpty()) {
                    continue;
                }
                StringBuilder line = new StringBuilder(peer.toString());
                for (Multiaddr a : addrs) {
                    line.append(' ').append(a);
                }
                w.write(line.append('\n').toString());
            }
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
