package io.cairn.node.cli;

import io.cairn.core.dagpb.PbLink;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.DirectoryItem;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.UnixFsType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn ls}: the entries of directories as Kubo's {@code ipfs ls} prints them (kubo
 * {@code core/commands/ls.go}): {@code <cid> <size> <name>} aligned like Go's tabwriter, entries sorted by name,
 * directories with size {@code -} and a trailing {@code /}. The size is the entry's UnixFS file size (a raw block's
 * length); listing a file lists the links of its root node, which have empty names. With several paths, each
 * listing is headed by {@code <path>:} and separated by an empty line.
 */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List directory contents for Unix filesystem objects (Kubo's `ipfs ls`).")
final class LsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "CID[/path], /ipfs/CID[/path] or ipfs://CID.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-v", "--headers"}, description = "Print table headers (Hash, Size, Name).")
    boolean headers;

    @Option(names = "--resolve-type", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Resolve linked objects to find out their types. Default: true.")
    boolean resolveType = true;

    @Option(names = "--size", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Resolve linked objects to find out their file size. Default: true.")
    boolean size = true;

    /** One printed entry: {@code size} is meaningful only for non-directories. */
    private record Entry(String name, Cid cid, long size, boolean directory) {}

    @Override
    public Integer call() throws IOException {
        List<ContentPath> parsed = new ArrayList<>();
        for (String p : paths) {
            parsed.add(ContentPath.parse(p));
        }
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.ls(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        TextTable table = new TextTable(1, 1);
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            UnixFsReader reader = repo.reader();
            for (int i = 0; i < parsed.size(); i++) {
                List<Entry> entries = entries(reader, parsed.get(i).resolve(reader));
                if (parsed.size() > 1) {
                    if (i > 0) {
                        table.line("");
                    }
                    table.line(parsed.get(i).text() + ":");
                }
                if (headers) {
                    table.line(size ? "Hash\tSize\tName" : "Hash\tName");
                }
                for (Entry e : entries) {
                    String name = escapeNonPrint(e.name());
                    if (e.directory()) {
                        table.line(size ? e.cid() + "\t-\t" + name + "/" : e.cid() + "\t" + name + "/");
                    } else {
                        table.line(size ? e.cid() + "\t" + e.size() + "\t" + name : e.cid() + "\t" + name);
                    }
                }
            }
        }
        PrintWriter out = io.out();
        table.printTo(out);
        out.flush();
        return CairnMain.EXIT_OK;
    }

    /** A directory's entries, or a file node's links; sorted by name as Kubo sorts (Go string order: bytes). */
    private List<Entry> entries(UnixFsReader reader, Cid cid) throws IOException {
        List<DirectoryItem> items;
        UnixFsNode node = reader.load(cid);
        if (node.isDirectory()) {
            items = reader.list(cid);
        } else {
            items = new ArrayList<>();
            if (!node.isRaw()) {
                for (PbLink l : node.pb().links()) {
                    items.add(new DirectoryItem(l.name() == null ? "" : l.name(), l.hash(),
                            l.tsize() == null ? 0 : l.tsize()));
                }
            }
        }
        List<Entry> out = new ArrayList<>();
        for (DirectoryItem item : items) {
            out.add(entry(reader, item));
        }
        out.sort(Comparator.comparing(e -> e.name().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        return out;
    }

    /**
     * Kubo's {@code processLink}: a raw child is a file sized by its link's Tsize; a dag-pb child is fetched (when
     * types or sizes are asked for) and sized by its UnixFS {@code filesize}, 0 when absent (symlinks).
     */
    private Entry entry(UnixFsReader reader, DirectoryItem item) throws IOException {
        Cid cid = item.cid();
        if (cid.isCodec(Multicodec.RAW)) {
            return new Entry(item.name(), cid, item.tsize(), false);
        }
        if (!cid.isCodec(Multicodec.DAG_PB) || !(resolveType || size)) {
            return new Entry(item.name(), cid, 0, false);
        }
        UnixFsNode child = reader.load(cid);
        UnixFsType type = child.type();
        boolean directory = type.isDirectory() || type == UnixFsType.METADATA;
        Long fileSize = child.unixfs().fileSize();
        return new Entry(item.name(), cid, fileSize == null ? 0 : fileSize, directory);
    }

    /**
     * Kubo's {@code cmdenv.EscNonPrint}: a name holding a backslash or a character Go does not consider printable
     * is written as a Go quoted string without its quotes (and with {@code "} left bare).
     */
    static String escapeNonPrint(String s) {
        boolean needed = s.indexOf('\\') >= 0 || s.codePoints().anyMatch(c -> !isPrint(c));
        if (!needed) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            switch (c) {
                case 0x07 -> sb.append("\\a");
                case 0x08 -> sb.append("\\b");
                case 0x0C -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0B -> sb.append("\\v");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (isPrint(c)) {
                        sb.appendCodePoint(c);
                    } else if (c < 0x80) {
                        sb.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return sb.toString();
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
