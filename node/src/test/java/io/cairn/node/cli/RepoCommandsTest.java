package io.cairn.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.core.peer.PeerId;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.repo.RepoConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn init} and {@code cairn config} through {@link CairnMain#run}, as a user runs them. Output lines and
 * error prefixes follow Kubo ({@code config/init.go} CreateIdentity, {@code cmd/ipfs/kubo/init.go} doInit,
 * {@code core/commands/config.go}; kubo commit 867cdc5). The repository is passed with {@code --repo-dir}, since a
 * test cannot set {@code CAIRN_PATH} in its own process; one test runs a child JVM to check the variable itself.
 */
class RepoCommandsTest {
    private static final Pattern PEER_LINE = Pattern.compile("peer identity: (12D3KooW[1-9A-HJ-NP-Za-km-z]+)");

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CairnMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Path dir() {
        return tmp.resolve("repo");
    }

    private Run cairnAt(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--repo-dir");
        all.add(dir().toString());
        return cairn(all.toArray(String[]::new));
    }

    private static void assertOk(Run run) {
        assertEquals("", run.err(), "stderr");
        assertEquals(0, run.code(), "exit code");
    }

    @Test
    void initPrintsKubosLinesAndWritesTheRepository() throws IOException {
        Run run = cairnAt("init");
        assertOk(run);
        String[] lines = run.out().split("\n");
        assertEquals(3, lines.length, run.out());
        assertEquals("generating ED25519 keypair...done", lines[0]);
        Matcher m = PEER_LINE.matcher(lines[1]);
        assertTrue(m.matches(), lines[1]);
        assertEquals("initializing Cairn node at " + dir(), lines[2]);

        PeerId printed = PeerId.parse(m.group(1));
        assertEquals(printed, Ed25519KeyPair.fromProtobuf(Files.readAllBytes(dir().resolve("identity.key"))).peerId());
        assertEquals(printed.toString(),
                RepoConfig.parse(Files.readString(dir().resolve("config"))).getText("Identity.PeerID"));
    }

    @Test
    void initOnAnExistingRepositoryFails() throws IOException {
        assertOk(cairnAt("init"));
        byte[] key = Files.readAllBytes(dir().resolve("identity.key"));
        Run again = cairnAt("init");
        assertEquals(1, again.code());
        assertEquals("", again.out());
        assertEquals("Error: a Cairn repository already exists at " + dir()
                + "; reinitializing would overwrite its key\n", again.err());
        assertTrue(java.util.Arrays.equals(key, Files.readAllBytes(dir().resolve("identity.key"))));
    }

    @Test
    void configGetsAndSetsAsKuboDoes() {
        assertOk(cairnAt("init"));
        Run get = cairnAt("config", "Addresses.Gateway");
        assertOk(get);
        assertEquals("/ip4/127.0.0.1/tcp/8080\n", get.out());

        Run set = cairnAt("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/8081");
        assertOk(set);
        assertEquals("", set.out(), "setting prints nothing");
        assertEquals("/ip4/127.0.0.1/tcp/8081\n", cairnAt("config", "Addresses.Gateway").out());

        assertOk(cairnAt("config", "--json", "Bootstrap", "[\"/ip4/127.0.0.1/tcp/4001\"]"));
        assertEquals("[\n  \"/ip4/127.0.0.1/tcp/4001\"\n]\n", cairnAt("config", "Bootstrap").out());
        assertOk(cairnAt("config", "Datastore.StorageGCWatermark", "75", "--json"));
        assertEquals("75\n", cairnAt("config", "Datastore.StorageGCWatermark").out());
        assertOk(cairnAt("config", "--bool", "Datastore.HashOnRead", "true"));
        assertEquals("true\n", cairnAt("config", "Datastore.HashOnRead").out());
        String datastore = cairnAt("config", "Datastore").out();
        assertTrue(datastore.startsWith("{\n  \"StorageMax\": \"10GB\",\n  \"StorageGCWatermark\": 75,\n"), datastore);
        assertTrue(datastore.endsWith("\n}\n"), datastore);
    }

    @Test
    void configErrorsAreOneLineExitOne() {
        assertOk(cairnAt("init"));
        Run missing = cairnAt("config", "Nope.Key");
        assertEquals(1, missing.code());
        assertEquals("", missing.out());
        assertEquals("Error: failed to get config value: Nope not found\n", missing.err());

        Run wrongType = cairnAt("config", "Datastore.StorageGCWatermark", "75");
        assertEquals(1, wrongType.code());
        assertEquals("Error: failed to set config value: Datastore.StorageGCWatermark takes an integer, not a"
                + " string (maybe use --json?)\n", wrongType.err());

        Run badJson = cairnAt("config", "--json", "Bootstrap", "[1,");
        assertEquals(1, badJson.code());
        assertTrue(badJson.err().startsWith("Error: failed to unmarshal json. "), badJson.err());
        assertEquals(1, badJson.err().split("\n").length);

        Run badBool = cairnAt("config", "--bool", "Datastore.HashOnRead", "yes");
        assertEquals(1, badBool.code());
        assertEquals("Error: --bool takes true or false, not 'yes'\n", badBool.err());

        Run identity = cairnAt("config", "Identity.PeerID", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertEquals(1, identity.code());
        assertTrue(identity.err().startsWith("Error: failed to set config value: cannot set Identity.PeerID"),
                identity.err());

        Run noKey = cairnAt("config");
        assertEquals(1, noKey.code());
        assertTrue(noKey.err().startsWith("Error: Missing required parameter: 'KEY'"), noKey.err());
    }

    @Test
    void configShowPrintsTheWholeConfig() throws IOException {
        assertOk(cairnAt("init"));
        Run show = cairnAt("config", "show");
        assertOk(show);
        assertEquals(Files.readString(dir().resolve("config")), show.out());
        RepoConfig parsed = RepoConfig.parse(show.out());
        assertEquals("dht", parsed.getText("Routing.Type"));
        // --repo-dir before the subcommand works too.
        Run before = cairn("config", "--repo-dir", dir().toString(), "show");
        assertOk(before);
        assertEquals(show.out(), before.out());
    }

    @Test
    void aCommandThatNeedsARepositoryCreatesOne() {
        Run get = cairnAt("config", "Routing.Type");
        assertEquals(0, get.code());
        assertEquals("dht\n", get.out());
        assertTrue(get.err().startsWith("initialized a new repository at " + dir() + " (peer identity 12D3KooW"),
                get.err());
        assertTrue(Repo.isInitialized(dir()));
        // Only once.
        Run again = cairnAt("config", "Routing.Type", "none");
        assertOk(again);
        assertEquals("none\n", cairnAt("config", "Routing.Type").out());
    }

    @Test
    void aLockedRepositoryIsReportedNotWaitedFor() throws IOException {
        assertOk(cairnAt("init"));
        try (Repo held = Repo.open(dir())) {
            Run set = cairnAt("config", "Routing.Type", "none");
            assertEquals(1, set.code());
            assertEquals("Error: repository " + dir() + " is in use by this process (pid "
                    + ProcessHandle.current().pid() + ")\n", set.err());
            // Reading needs no lock.
            Run get = cairnAt("config", "Routing.Type");
            assertOk(get);
            assertEquals("dht\n", get.out());
        }
    }

    @Test
    void cairnPathAndHomeChooseTheRepositoryInAFreshProcess() throws Exception {
        Path viaEnv = tmp.resolve("from-env");
        Child c = Child.run(List.of(), viaEnv, tmp, "init");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().endsWith("initializing Cairn node at " + viaEnv + "\n"), c.out());
        assertTrue(Repo.isInitialized(viaEnv));

        Path home = tmp.resolve("home");
        c = Child.run(List.of("-Duser.home=" + home), null, tmp, "config", "Addresses.API");
        assertEquals(0, c.code(), c.err());
        assertEquals("/ip4/127.0.0.1/tcp/5001\n", c.out());
        assertTrue(Repo.isInitialized(home.resolve(".cairn")), c.err());
    }

    private record Child(int code, String out, String err) {
        static Child run(List<String> jvmArgs, Path cairnPath, Path tmp, String... args) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx128m");
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(CairnMain.class.getName());
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove(Repo.PATH_ENV);
            if (cairnPath != null) {
                pb.environment().put(Repo.PATH_ENV, cairnPath.toString());
            }
            Path errFile = Files.createTempFile(tmp, "child", ".err");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child timed out");
            return new Child(p.exitValue(), out, Files.readString(errFile));
        }
    }
}
