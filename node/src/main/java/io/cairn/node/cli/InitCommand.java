package io.cairn.node.cli;

import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.repo.RepoExistsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn init}: Kubo's {@code ipfs init} lines ({@code generating ED25519 keypair...done},
 * {@code peer identity: 12D3KooW...}, {@code initializing ... node at DIR}); an existing repository is an error
 * (exit 1), since reinitializing would replace the node's key.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Initialize a repository: a new Ed25519 identity and the default config (Kubo's `ipfs init`).",
                "Other commands create a repository on first use; init does it explicitly and fails if one exists."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repo;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = repo.path();
        if (Repo.isInitialized(dir)) {
            throw new RepoExistsException(dir);      // before any output, unlike Kubo, so stdout stays clean
        }
        out.print("generating ED25519 keypair...");
        out.flush();
        Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
        out.println("done");
        out.println("peer identity: " + key.peerId());
        out.println("initializing Cairn node at " + dir);
        out.flush();
        try (Repo created = Repo.init(dir, key)) {
            return CairnMain.EXIT_OK;
        }
    }
}
