package io.cairn.storage.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cairn.core.multiformats.Multibase;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository on disk: layout, modes, locking across threads and processes, version and corruption checks. */
class RepoTest {
    @TempDir
    Path tmp;

    private Path repoDir() {
        return tmp.resolve("cairn");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void initCreatesTheLayout() throws IOException {
        Path dir = repoDir();
        // RFC 8032 TEST 1 key: its libp2p encoding and peer ID are pinned in core's PeerIdTest against js-libp2p.
        Ed25519KeyPair key = Ed25519KeyPair.fromSeed(HexFormat.of().parseHex(
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        try (Repo repo = Repo.init(dir, key)) {
            assertTrue(repo.created());
            assertFalse(repo.isReadOnly());
            assertEquals(dir, repo.path());
            assertEquals("12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV", repo.peerId().toString());
            assertEquals(dir.resolve("blocks"), repo.blocksPath());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("blocks", "config", "identity.key", "repo.lock", "version"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.isDirectory(dir.resolve("blocks")));
        assertEquals("1\n", Files.readString(dir.resolve("version")));
        // The key file is the libp2p PrivateKey protobuf: 08 01 12 40, seed, public key.
        assertEquals("080112409d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
                        + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("identity.key"))));
        JsonNode config = RepoConfig.parse(Files.readString(dir.resolve("config"))).toJsonNode();
        assertEquals("12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV", config.at("/Identity/PeerID").asText());
        assertEquals("/ip4/127.0.0.1/tcp/8080", config.at("/Addresses/Gateway").asText());
        assertEquals(0, config.get("Bootstrap").size());
        if (AtomicFiles.posix()) {
            assertEquals("rw-------", mode(dir.resolve("identity.key")));
            assertEquals("rw-------", mode(dir.resolve("config")));
            assertEquals("rwx------", mode(dir));
        }
    }

    @Test
    void initRefusesAnExistingRepositoryAndKeepsItsKey() throws IOException {
        Path dir = repoDir();
        Repo.init(dir).close();
        byte[] key = Files.readAllBytes(dir.resolve("identity.key"));
        RepoExistsException e = assertThrows(RepoExistsException.class, () -> Repo.init(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertArrayEquals(key, Files.readAllBytes(dir.resolve("identity.key")));
        // The refused init released the lock.
        Repo.open(dir).close();
    }

    @Test
    void initRedoesAnInitThatDiedBeforeTheConfig() throws IOException {
        Path dir = repoDir();
        Files.createDirectories(dir);
        Files.write(dir.resolve("identity.key"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("version"), "1\n");
        assertFalse(Repo.isInitialized(dir));
        assertThrows(RepoNotFoundException.class, () -> Repo.open(dir));
        try (Repo repo = Repo.init(dir)) {
            assertEquals(repo.peerId(), repo.identity().peerId());
        }
    }

    @Test
    void initIntoAFileFails() throws IOException {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        RepoException e = assertThrows(RepoException.class, () -> Repo.init(file));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void openOrInitCreatesOnce() throws IOException {
        Path dir = repoDir();
        PeerId first;
        try (Repo repo = Repo.openOrInit(dir)) {
            assertTrue(repo.created());
            first = repo.peerId();
        }
        try (Repo repo = Repo.openOrInit(dir)) {
            assertFalse(repo.created());
            assertEquals(first, repo.peerId());
            assertEquals(first, repo.identity().peerId());
        }
    }

    @Test
    void openMissingRepositorySaysHow() {
        RepoNotFoundException e = assertThrows(RepoNotFoundException.class, () -> Repo.open(repoDir()));
        assertTrue(e.getMessage().contains("cairn init"), e.getMessage());
        assertThrows(RepoNotFoundException.class, () -> Repo.openReadOnly(repoDir()));
    }

    @Test
    void secondWriterInThisProcessIsRefused() throws Exception {
        Path dir = repoDir();
        try (Repo repo = Repo.init(dir)) {
            RepoLockedException e = assertThrows(RepoLockedException.class, () -> Repo.open(dir));
            assertEquals("repository " + dir + " is in use by this process (pid " + ProcessHandle.current().pid()
                    + ")", e.getMessage());
            assertThrows(RepoLockedException.class, () -> Repo.open(tmp.resolve("x/../cairn")));
            // Readers need no lock.
            try (Repo reader = Repo.openReadOnly(dir)) {
                assertTrue(reader.isReadOnly());
                assertEquals(repo.peerId(), reader.peerId());
                assertEquals(repo.peerId(), reader.identity().peerId());
                assertThrows(IllegalStateException.class,
                        () -> reader.setConfig("Routing.Type", TextNode.valueOf("none")));
            }
            // The refused attempts did not drop the OS lock: another process is still turned away.
            Probe probe = Probe.run("try", dir);
            assertEquals(RepoLockProbe.EXIT_LOCKED, probe.exit, probe.out);
            assertEquals("repository " + dir + " is in use by another process (pid " + ProcessHandle.current().pid()
                    + ")", probe.out.strip());
        }
        // Closed: free again, for this process and for others.
        Repo.open(dir).close();
        Probe probe = Probe.run("try", dir);
        assertEquals(0, probe.exit, probe.out);
        assertEquals("OPENED", probe.out.strip());
    }

    @Test
    void secondWriterProcessIsRefusedAndTheLockDiesWithItsHolder() throws Exception {
        Path dir = repoDir();
        Repo.init(dir).close();
        Process holder = Probe.start("hold", dir);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("LOCKED " + holder.pid(), line);
            RepoLockedException e = assertThrows(RepoLockedException.class, () -> Repo.open(dir));
            assertEquals("repository " + dir + " is in use by another process (pid " + holder.pid() + ")",
                    e.getMessage());
            assertEquals(holder.pid(), e.holderPid().orElseThrow());
            assertThrows(RepoLockedException.class, () -> Repo.init(dir));
        } finally {
            holder.destroyForcibly();       // killed, not closed: the OS must release the lock by itself
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        try (Repo repo = Repo.open(dir)) {
            assertFalse(repo.isReadOnly());
        }
    }

    @Test
    void unknownVersionIsRefusedClearly() throws IOException {
        Path dir = repoDir();
        Repo.init(dir).close();
        Files.writeString(dir.resolve("version"), "2\n");
        RepoVersionException e = assertThrows(RepoVersionException.class, () -> Repo.open(dir));
        assertEquals("repository " + dir + " has format version 2, but this Cairn reads only version 1"
                + " (was it written by a newer Cairn?)", e.getMessage());
        assertThrows(RepoVersionException.class, () -> Repo.openReadOnly(dir));
        // The refusal released the lock.
        Files.writeString(dir.resolve("version"), "1\n");
        Repo.open(dir).close();

        Files.writeString(dir.resolve("version"), "one");
        e = assertThrows(RepoVersionException.class, () -> Repo.open(dir));
        assertTrue(e.getMessage().contains("corrupt version file"), e.getMessage());
        Files.delete(dir.resolve("version"));
        e = assertThrows(RepoVersionException.class, () -> Repo.open(dir));
        assertTrue(e.getMessage().contains("no version file"), e.getMessage());
    }

    @Test
    void corruptConfigIsReported() throws IOException {
        Path dir = repoDir();
        Repo.init(dir).close();
        Path config = dir.resolve("config");
        String good = Files.readString(config);

        Files.writeString(config, good.substring(0, good.length() / 2));
        RepoException e = assertThrows(RepoException.class, () -> Repo.open(dir));
        assertTrue(e.getMessage().startsWith("config file " + config + " is corrupt: "), e.getMessage());

        Files.writeString(config, good.replace("\"StorageGCWatermark\": 90", "\"StorageGCWatermark\": \"90\""));
        e = assertThrows(RepoException.class, () -> Repo.openReadOnly(dir));
        assertTrue(e.getMessage().contains("Datastore.StorageGCWatermark takes an integer, not a string"),
                e.getMessage());

        Files.writeString(config, "[]");
        assertThrows(RepoException.class, () -> Repo.open(dir));

        Files.write(config, new byte[] {'{', (byte) 0xff, '}'});
        assertThrows(RepoException.class, () -> Repo.open(dir));

        // Keys Cairn does not know (a newer Cairn's, or a hand edit) are kept, not refused.
        Files.writeString(config, good.replaceFirst("\\{", "{\n  \"Experimental\": {\"X\": 1},"));
        try (Repo repo = Repo.open(dir)) {
            repo.setConfig("Routing.Type", TextNode.valueOf("none"));
        }
        assertTrue(Files.readString(config).contains("\"Experimental\""));
    }

    @Test
    void exposedKeyIsRefusedLikeSsh() throws IOException {
        assumeTrue(AtomicFiles.posix(), "POSIX permissions");
        Path dir = repoDir();
        Repo.init(dir).close();
        Path key = dir.resolve("identity.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        RepoException e = assertThrows(RepoException.class, () -> Repo.open(dir));
        assertEquals("identity key " + key + " is accessible by other users (permissions rw-r--r--); it must be"
                + " private to its owner: chmod 600 " + key, e.getMessage());
        try (Repo reader = Repo.openReadOnly(dir)) {
            reader.config();                                  // the config is not secret
            assertThrows(RepoException.class, reader::identity);
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Repo.open(dir).close();
    }

    private static void useIdentity(Path dir) throws IOException {
        try (Repo repo = Repo.open(dir)) {
            repo.identity();
        }
    }

    @Test
    void keyAndConfigMustAgree() throws IOException {
        Path dir = repoDir();
        Repo.init(dir).close();
        Path config = dir.resolve("config");
        PeerId other = Ed25519KeyPair.generate(new SecureRandom()).peerId();
        String text = Files.readString(config);
        Files.writeString(config, text.replaceAll("12D3KooW[1-9A-HJ-NP-Za-km-z]+", other.toString()));
        // The key is parsed and matched on first use (storage commands never load it).
        RepoException e = assertThrows(RepoException.class, () -> useIdentity(dir));
        assertTrue(e.getMessage().startsWith("config Identity.PeerID " + other + " does not match"), e.getMessage());

        Files.writeString(config, text);
        Files.write(dir.resolve("identity.key"), new byte[] {8, 1, 18, 2, 0, 0});
        e = assertThrows(RepoException.class, () -> useIdentity(dir));
        assertTrue(e.getMessage().contains("is corrupt"), e.getMessage());
        Files.delete(dir.resolve("identity.key"));
        e = assertThrows(RepoException.class, () -> Repo.open(dir));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    @Test
    void configSetPersistsAtomicallyAndKeepsTheMode() throws IOException {
        Path dir = repoDir();
        PeerId self;
        try (Repo repo = Repo.init(dir)) {
            self = repo.peerId();
            repo.setConfig("Addresses.Gateway", TextNode.valueOf("/ip4/127.0.0.1/tcp/9090"));
            repo.setConfig("Gateway.HTTPHeaders", RepoConfig.parseValue("{\"X-Test\": [\"a\", \"b\"]}"));
            repo.setConfig("Datastore.StorageMax", TextNode.valueOf("2GiB"));
            // Identity.PeerID: the node's own ID in another form is accepted and stored as base58btc.
            repo.setConfig("Identity.PeerID", TextNode.valueOf(self.toCid().toString(Multibase.BASE36)));
            ConfigException e = assertThrows(ConfigException.class, () -> repo.setConfig("Identity.PeerID",
                    TextNode.valueOf(Ed25519KeyPair.generate(new SecureRandom()).peerId().toString())));
            assertTrue(e.getMessage().startsWith("cannot set Identity.PeerID"), e.getMessage());
            assertThrows(ConfigException.class, () -> repo.setConfig("Nope.Key", TextNode.valueOf("x")));
            assertThrows(ConfigException.class,
                    () -> repo.setConfig("Datastore.StorageGCWatermark", TextNode.valueOf("90")));
        }
        try (Repo repo = Repo.open(dir)) {
            RepoConfig c = repo.config();
            assertEquals("/ip4/127.0.0.1/tcp/9090", c.getText("Addresses.Gateway"));
            assertEquals(List.of("/ip4/127.0.0.1/tcp/9090"), c.gatewayAddresses());
            assertEquals("[\n  \"a\",\n  \"b\"\n]", c.getText("Gateway.HTTPHeaders.X-Test"));
            assertEquals(2L << 30, c.storageMaxBytes());
            assertEquals(self.toString(), c.getText("Identity.PeerID"));
        }
        if (AtomicFiles.posix()) {
            assertEquals("rw-------", mode(dir.resolve("config")));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary files left behind");
        }
    }

    @Test
    void readersNeverSeeAHalfWrittenConfig() throws Exception {
        Path dir = repoDir();
        try (Repo repo = Repo.init(dir)) {
            Path config = repo.configPath();
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger reads = new AtomicInteger();
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        RepoConfig.parse(Files.readString(config));
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            for (int i = 0; i < 150; i++) {
                // Alternate a short and a long value so a torn write would show as broken JSON.
                repo.setConfig("Gateway.RootRedirect", TextNode.valueOf(i % 2 == 0 ? "" : "x".repeat(20_000)));
            }
            done.set(true);
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError("a reader saw a broken config after " + reads.get() + " reads",
                        failure.get());
            }
            assertTrue(reads.get() > 0);
        }
    }

    @Test
    void pathComesFromCairnPathOrHome() {
        assertEquals(Path.of("/home/u/.cairn"), Repo.resolvePath(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.cairn"), Repo.resolvePath(Map.of("CAIRN_PATH", "  "), "/home/u"));
        assertEquals(Path.of("/srv/node"), Repo.resolvePath(Map.of("CAIRN_PATH", "/srv/node/"), "/home/u"));
        assertEquals(Path.of("/home/u/r"), Repo.resolvePath(Map.of("CAIRN_PATH", "~/r"), "/home/u"));
        assertEquals(Path.of("/home/u"), Repo.resolvePath(Map.of("CAIRN_PATH", "~"), "/home/u"));
        assertTrue(Repo.resolvePath(Map.of("CAIRN_PATH", "rel"), "/home/u").isAbsolute());
    }

    /** A {@link RepoLockProbe} child JVM on this test's class path. */
    private record Probe(int exit, String out) {
        static Process start(String mode, Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    RepoLockProbe.class.getName(), mode, dir.toString())
                    // stderr (SLF4J's notice that no logger is bound, a stack trace) kept apart from the answer
                    .redirectError(dir.resolveSibling("probe-" + mode + ".err").toFile())
                    .start();
        }

        static Probe run(String mode, Path dir) throws Exception {
            Process p = start(mode, dir);
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe timed out");
            return new Probe(p.exitValue(), out);
        }
    }
}
