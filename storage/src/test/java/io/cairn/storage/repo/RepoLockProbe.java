package io.cairn.storage.repo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for {@link RepoTest}: {@code hold DIR} opens the repository for writing, prints
 * {@code LOCKED <pid>} and keeps it open until its standard input closes; {@code try DIR} tries to open it and
 * prints {@code OPENED}, or the refusal message and exits with {@value #EXIT_LOCKED}.
 */
public final class RepoLockProbe {
    static final int EXIT_LOCKED = 3;

    private RepoLockProbe() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (Repo repo = Repo.open(dir)) {
                System.out.println("LOCKED " + ProcessHandle.current().pid());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            }
            return;
        }
        try (Repo repo = Repo.open(dir)) {
            System.out.println("OPENED");
        } catch (RepoLockedException e) {
            System.out.println(e.getMessage());
            System.out.flush();
            System.exit(EXIT_LOCKED);
        }
    }
}
