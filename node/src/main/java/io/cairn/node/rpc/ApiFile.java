package io.cairn.node.rpc;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.MultiaddrFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code $CAIRN_PATH/api}: the multiaddr of the running daemon's RPC API, as Kubo's {@code $IPFS_PATH/api} (one
 * line, no newline). The daemon writes it once the API listens and deletes it on a clean shutdown; a file left by
 * a daemon that died is stale, which {@link RpcClient#find} detects by trying to connect.
 */
public final class ApiFile {
    public static final String NAME = "api";

    private ApiFile() {}

    /** Writes {@code address} atomically (a reader never sees half a line). */
    public static void write(Path repoDir, Multiaddr address) throws IOException {
        Path tmp = repoDir.resolve(NAME + ".tmp");
        Files.writeString(tmp, address.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, repoDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void delete(Path repoDir) throws IOException {
        Files.deleteIfExists(repoDir.resolve(NAME));
    }

    /** The address in the file; empty when there is no file or it does not hold a multiaddr. */
    public static Optional<Multiaddr> read(Path repoDir) {
        try {
            return Optional.of(Multiaddr.parse(Files.readString(repoDir.resolve(NAME), StandardCharsets.UTF_8)
                    .trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | MultiaddrFormatException e) {
            return Optional.empty();    // unreadable or garbled: as good as absent, the command runs locally
        }
    }
}
