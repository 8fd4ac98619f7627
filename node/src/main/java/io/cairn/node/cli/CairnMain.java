package io.cairn.node.cli;

import io.cairn.core.FormatException;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.reader.NoSuchPathException;
import io.cairn.storage.rocks.MissingBlockException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of {@code ./cairn}. The one place where errors become exit codes and stderr lines: bad input of any
 * kind (a {@link FormatException}, a {@link UserException}, a picocli parameter error, a missing file, a block that
 * is not in the repository, a path that names nothing) is a user error, exit 1, one line, no stack trace; so is an
 * I/O failure of the machine (full disk, read-only repository), reported by its message; anything else is a bug,
 * exit 2, with its stack trace.
 */
public final class CairnMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_INTERNAL_ERROR = 2;

    private CairnMain() {}

    /** slf4j-simple's level property; see {@link #main}. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    public static void main(String[] args) {
        // stderr is for the one error line. The store's own warnings (say, that closing after a full disk could not
        // flush) restate that error in other words, so the command line logs errors only unless told otherwise:
        // CAIRN_JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "error");
        }
        // Not System.out: a PrintStream swallows write errors, and `cairn cat` into a full disk must fail.
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Invocation invocation = new Invocation(stdout, textOver(stdout), err, () -> System.in, System.getenv(),
                System.console() != null);
        int code = run(invocation, args);
        System.exit(code);
    }

    /**
     * Runs one command with the given output streams; returns the exit code. Bytes a command writes to stdout
     * ({@code cat}, {@code block get}, {@code dag export}) reach {@code out} decoded as UTF-8, so use
     * {@link #run(String[], OutputStream, OutputStream)} where binary output matters.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(new Invocation(new WriterOutputStream(out), out, err, () -> System.in, System.getenv(), false),
                args);
    }

    /** Runs one command writing stdout and stderr as bytes (text in UTF-8); returns the exit code. */
    public static int run(String[] args, OutputStream out, OutputStream err) {
        return run(args, out, err, () -> System.in, System.getenv());
    }

    /**
     * Runs one command with its own stdin and environment (where {@code CAIRN_PATH} names the repository); returns
     * the exit code. Nothing is a terminal, so no progress bar is drawn.
     */
    public static int run(String[] args, OutputStream out, OutputStream err, Supplier<InputStream> stdin,
            Map<String, String> env) {
        PrintWriter errText = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        return run(new Invocation(out, textOver(out), errText, stdin, Map.copyOf(env), false), args);
    }

    static int run(Invocation invocation, String[] args) {
        CommandLine cli = commandLine(invocation, args);
        try {
            return cli.execute(args);
        } finally {
            invocation.out().flush();
            invocation.err().flush();
        }
    }

    private static PrintWriter textOver(OutputStream out) {
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    }

    /** The whole command tree. */
    static CommandLine commandLine(Invocation invocation) {
        return commandLine(invocation, null);
    }

    /**
     * The command tree for {@code args}: the root with only the subcommand they name when they name one (its own
     * subcommands included), else (no subcommand, an option first, {@code help}, an unknown name) with all of them,
     * so usage, help and "did you mean" read the same as with the whole tree.
     */
    static CommandLine commandLine(Invocation invocation, String[] args) {
        CommandLine cli = new CommandLine(new CairnCommand(invocation));
        Class<?> named = args == null || args.length == 0 || args[0].startsWith("-") || args[0].equals("help")
                ? null : CairnCommand.SUBCOMMANDS.get(args[0]);
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            CairnCommand.SUBCOMMANDS.values().forEach(cli::addSubcommand);
        }
        cli.setOut(invocation.out());
        cli.setErr(invocation.err());
        cli.setParameterExceptionHandler((ex, unmatched) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("Error: " + oneLine(ex.getMessage()));
            e.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            e.flush();
            return EXIT_USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // What the command printed before failing goes out first, then the error.
            commandLine.getOut().flush();
            PrintWriter e = commandLine.getErr();
            String message = userMessage(ex);
            if (message != null) {
                e.println("Error: " + oneLine(message));
                e.flush();
                return EXIT_USER_ERROR;
            }
            e.println("Internal error: " + ex);
            ex.printStackTrace(e);
            e.flush();
            return EXIT_INTERNAL_ERROR;
        });
        return cli;
    }

    /** The message to show for a user error, or {@code null} when {@code ex} is a bug. */
    static String userMessage(Throwable ex) {
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return userMessage(ex.getCause());
        }
        if (ex instanceof FormatException || ex instanceof UserException || ex instanceof NoSuchPathException) {
            return ex.getMessage();
        }
        if (ex instanceof BlockNotFoundException) {
            return "block not found locally: " + ((BlockNotFoundException) ex).cid();
        }
        if (ex instanceof MissingBlockException) {
            return "block not found locally: " + ((MissingBlockException) ex).cid();
        }
        if (ex instanceof ReadOnlyFileSystemException) {
            return "read-only file system";
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file or directory: " + ex.getMessage();
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied: " + ex.getMessage();
        }
        if (ex instanceof FileSystemException) {
            // "/path: No space left on device", "/path: Read-only file system", ...
            return ex.getMessage();
        }
        if (ex instanceof IOException) {
            return ex.getMessage() == null ? ex.toString() : ex.getMessage();
        }
        return null;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }
}
