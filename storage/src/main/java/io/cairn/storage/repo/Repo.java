package io.cairn.storage.repo;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.core.FormatException;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.KeyFormatException;
import io.cairn.core.peer.PeerId;
import io.cairn.core.peer.PeerIdFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Cairn repository on disk ({@code $CAIRN_PATH}, default {@code ~/.cairn}; see {@code docs/storage-design.md}):
 * <pre>
 * config        JSON settings ({@link RepoConfig}), mode 0600
 * identity.key  the node's Ed25519 key, libp2p PrivateKey protobuf, mode 0600
 * version       the format version, "1"
 * repo.lock     locked by the one process that has the repository open for writing
 * blocks/       the block database
 * </pre>
 *
 * <p>Life cycle: {@link #init} creates one and returns it open for writing; {@link #open} opens an existing one for
 * writing, holding the lock until {@link #close}; {@link #openReadOnly} takes no lock (for reading the config, and
 * later a read-only database view). The {@code config} file is written last at init, so it marks a complete
 * repository: {@link #isInitialized} and init's "already exists" both test for it, and an init that died before it
 * is simply redone.
 *
 * <p>Safety checks at open, each a {@link RepoException} with a message that says what to do: the format version
 * must be {@link #VERSION}; the key file must be readable by its owner only (refused otherwise, as ssh refuses an
 * exposed private key); the config's {@code Identity.PeerID} must be the key's peer ID (as Kubo refuses to start
 * when they disagree). Every file is replaced atomically ({@link AtomicFiles}).
 */
public final class Repo implements Closeable {
    /** Environment variable naming the repository directory. */
    public static final String PATH_ENV = "CAIRN_PATH";
    /** Directory under the user's home used when {@link #PATH_ENV} is unset. */
    public static final String DEFAULT_DIR = ".cairn";
    /** The repository format this code reads and writes. */
    public static final int VERSION = 1;

    static final String CONFIG_FILE = "config";
    static final String KEY_FILE = "identity.key";
    static final String VERSION_FILE = "version";
    static final String BLOCKS_DIR = "blocks";

    private static final Set<PosixFilePermission> DIR_OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final RepoLock lock;
    private final boolean created;
    private RepoConfig config;
    private Ed25519KeyPair identity;

    private Repo(Path dir, RepoLock lock, boolean created, RepoConfig config, Ed25519KeyPair identity) {
        this.dir = dir;
        this.lock = lock;
        this.created = created;
        this.config = config;
        this.identity = identity;
    }

    /** The repository directory the environment names: {@code $CAIRN_PATH}, else {@code ~/.cairn}. */
    public static Path defaultPath() {
        return resolvePath(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The repository directory for an environment and home directory: {@code CAIRN_PATH} when set and not blank
     * (a leading {@code ~/} means the home directory, as Kubo expands it in {@code IPFS_PATH}), else
     * {@code home/.cairn}. Always absolute.
     */
    public static Path resolvePath(Map<String, String> env, String home) {
        String p = env.get(PATH_ENV);
        if (p == null || p.isBlank()) {
            return Paths.get(home, DEFAULT_DIR).toAbsolutePath().normalize();
        }
        if (p.equals("~")) {
            p = home;
        } else if (p.startsWith("~/")) {
            p = home + p.substring(1);
        }
        return Paths.get(p).toAbsolutePath().normalize();
    }

    /** Whether {@code dir} holds a complete repository (its config file exists). */
    public static boolean isInitialized(Path dir) {
        return Files.exists(dir.resolve(CONFIG_FILE));
    }

    /** Creates a repository with a new random key; see {@link #init(Path, Ed25519KeyPair)}. */
    public static Repo init(Path dir) throws IOException {
        return init(dir, Ed25519KeyPair.generate(new SecureRandom()));
    }

    /**
     * Creates a repository in {@code dir} (made, owner-only, if missing) with {@code identity} as the node key and
     * default config, and returns it open for writing.
     *
     * @throws RepoExistsException if one is already there
     * @throws RepoLockedException if another process is using the directory
     */
    public static Repo init(Path dir, Ed25519KeyPair identity) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        createDirectory(abs);
        RepoLock lock = RepoLock.acquire(abs);
        try {
            if (isInitialized(abs)) {
                throw new RepoExistsException(abs);
            }
            AtomicFiles.write(abs.resolve(KEY_FILE), identity.toProtobuf(), AtomicFiles.OWNER_ONLY);
            AtomicFiles.write(abs.resolve(VERSION_FILE), (VERSION + "\n").getBytes(StandardCharsets.US_ASCII),
                    PosixFilePermissions.fromString("rw-r--r--"));
            Files.createDirectories(abs.resolve(BLOCKS_DIR));
            RepoConfig config = RepoConfig.defaults(identity.peerId());
            writeConfig(abs, config);
            return new Repo(abs, lock, true, config, identity);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock, e);
            throw e;
        }
    }

    /**
     * Opens the repository in {@code dir} for writing, creating it first if there is none; {@link #created()} tells
     * which. This is what a command that needs a repository does (docs/storage-design.md).
     */
    public static Repo openOrInit(Path dir) throws IOException {
        if (!isInitialized(dir)) {
            try {
                return init(dir);
            } catch (RepoExistsException raced) {
                // Another process finished an init between our check and our lock: use its repository.
                return open(dir);
            }
        }
        return open(dir);
    }

    /** Opens an existing repository for writing, holding its lock until {@link #close()}. */
    public static Repo open(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!isInitialized(abs)) {
            throw new RepoNotFoundException(abs);
        }
        RepoLock lock = RepoLock.acquire(abs);
        try {
            checkVersion(abs);
            RepoConfig config = readConfig(abs);
            // Only the cheap checks here: parsing the key loads Bouncy Castle (a signed jar verified entry by
            // entry), which storage commands never need; identity() parses and matches it on first use.
            checkIdentityFile(abs);
            return new Repo(abs, lock, false, config, null);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock, e);
            throw e;
        }
    }

    /**
     * Opens an existing repository for reading only, without the lock (so it works while a node runs). The key is
     * read, and checked, only when {@link #identity()} is called.
     */
    public static Repo openReadOnly(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!isInitialized(abs)) {
            throw new RepoNotFoundException(abs);
        }
        checkVersion(abs);
        return new Repo(abs, null, false, readConfig(abs), null);
    }

    public Path path() {
        return dir;
    }

    public Path configPath() {
        return dir.resolve(CONFIG_FILE);
    }

    public Path identityKeyPath() {
        return dir.resolve(KEY_FILE);
    }

    /** Where the block database lives. */
    public Path blocksPath() {
        return dir.resolve(BLOCKS_DIR);
    }

    public boolean isReadOnly() {
        return lock == null;
    }

    /** Whether this repository was created by the call that returned it. */
    public boolean created() {
        return created;
    }

    /** The config as last read or written by this handle. */
    public synchronized RepoConfig config() {
        return config;
    }

    /** The node's peer ID (from the config, which open checks against the key). */
    public PeerId peerId() {
        return config().peerId();
    }

    /** The node's key pair, read and checked on first use in a read-only repository. */
    public synchronized Ed25519KeyPair identity() throws IOException {
        if (identity == null) {
            identity = readIdentity(dir, config);
        }
        return identity;
    }

    /**
     * Sets {@code key} to {@code value} and rewrites the config file atomically. {@code Identity.PeerID} may only be
     * set to the key's own peer ID (in any of its text forms; stored as base58btc), as in Kubo.
     *
     * @throws ConfigException for an unknown key or a value of the wrong type
     * @throws IllegalStateException if this repository was opened read-only
     */
    public synchronized void setConfig(String key, JsonNode value) throws IOException {
        if (lock == null) {
            throw new IllegalStateException("repository " + dir + " was opened read-only");
        }
        RepoConfig updated;
        if (key.toLowerCase(Locale.ROOT).equals("identity.peerid")) {
            PeerId own = identity().peerId();
            PeerId given = null;
            if (value.isTextual()) {
                try {
                    given = PeerId.parse(value.textValue());
                } catch (PeerIdFormatException e) {
                    given = null;           // reported below, with the reason that matters to the user
                }
            }
            if (!own.equals(given)) {
                throw new ConfigException("cannot set Identity.PeerID to a value that does not match the node's"
                        + " private key (" + own + ")");
            }
            updated = config.withPeerId(own);
        } else {
            updated = config.with(key, value);
        }
        writeConfig(dir, updated);
        config = updated;
    }

    /** Releases the write lock (nothing for a read-only repository). */
    @Override
    public synchronized void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "Repo(" + dir + (lock == null ? ", read-only)" : ")");
    }

    private static void createDirectory(Path abs) throws IOException {
        if (Files.isDirectory(abs)) {
            return;
        }
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (AtomicFiles.posix()) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR_OWNER_ONLY));
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw new RepoException("cannot create a repository at " + abs + ": it exists and is not a directory",
                        e);
            }
        }
    }

    private static void checkVersion(Path abs) throws IOException {
        String text;
        try {
            text = Files.readString(abs.resolve(VERSION_FILE), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new RepoVersionException("repository " + abs + " has no version file; it is incomplete or not a"
                    + " Cairn repository");
        }
        if (!text.matches("[0-9]{1,9}")) {
            throw new RepoVersionException("repository " + abs + " has a corrupt version file: '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        int v = Integer.parseInt(text);
        if (v != VERSION) {
            throw new RepoVersionException("repository " + abs + " has format version " + v + ", but this Cairn"
                    + " reads only version " + VERSION + (v > VERSION ? " (was it written by a newer Cairn?)" : ""));
        }
    }

    private static RepoConfig readConfig(Path abs) throws IOException {
        Path file = abs.resolve(CONFIG_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RepoException("config file " + file + " is corrupt: not UTF-8 text", e);
        }
        try {
            RepoConfig config = RepoConfig.parse(text);
            config.peerId();
            return config;
        } catch (FormatException e) {
            throw new RepoException("config file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static void writeConfig(Path abs, RepoConfig config) throws IOException {
        AtomicFiles.write(abs.resolve(CONFIG_FILE), config.toJson().getBytes(StandardCharsets.UTF_8),
                AtomicFiles.OWNER_ONLY);
    }

    private static Path checkIdentityFile(Path abs) throws IOException {
        Path file = abs.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            throw new RepoException("identity key " + file + " is missing");
        }
        if (AtomicFiles.posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!AtomicFiles.OWNER_ONLY.containsAll(perms)) {
                throw new RepoException("identity key " + file + " is accessible by other users (permissions "
                        + PosixFilePermissions.toString(perms) + "); it must be private to its owner: chmod 600 "
                        + file);
            }
        }
        return file;
    }

    private static Ed25519KeyPair readIdentity(Path abs, RepoConfig config) throws IOException {
        Path file = checkIdentityFile(abs);
        Ed25519KeyPair identity;
        try {
            identity = Ed25519KeyPair.fromProtobuf(Files.readAllBytes(file));
        } catch (KeyFormatException e) {
            throw new RepoException("identity key " + file + " is corrupt: " + e.getMessage(), e);
        }
        PeerId inConfig = config.peerId();
        if (!identity.peerId().equals(inConfig)) {
            throw new RepoException("config Identity.PeerID " + inConfig + " does not match the identity key "
                    + file + " (peer " + identity.peerId() + ")");
        }
        return identity;
    }

    private static void closeQuietly(RepoLock lock, Exception primary) {
        try {
            lock.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
