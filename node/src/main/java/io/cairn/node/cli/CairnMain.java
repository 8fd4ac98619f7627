package io.cairn.node.cli;

import io.cairn.core.FormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Entry point of {@code ./cairn}. The one place where errors become exit codes and stderr lines: bad input of any
 * kind (a {@link FormatException}, a {@link UserException}, a picocli parameter error, a missing file) is a user
 * error, exit 1, one line, no stack trace; anything else is a bug, exit 2, with its stack trace.
 */
public final class CairnMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_INTERNAL_ERROR = 2;

    private CairnMain() {}

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new CairnCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("Error: " + oneLine(ex.getMessage()));
            e.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            e.flush();
            return EXIT_USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
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
        if (ex instanceof FormatException || ex instanceof UserException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException) {
            return "no such file or directory: " + ex.getMessage();
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied: " + ex.getMessage();
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
