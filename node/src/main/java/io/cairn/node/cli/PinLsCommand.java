package io.cairn.node.cli;

import io.cairn.core.multiformats.Cid;
import io.cairn.node.rpc.PinSearch;
import io.cairn.storage.rocks.Pin;
import io.cairn.storage.rocks.PinType;
import io.cairn.storage.rocks.Pinner;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pin ls}: pins as Kubo lists them ({@code core/commands/pin/pin.go}): {@code <cid> <type>}, with
 * {@code --names} {@code <cid> <type> <name>} (a trailing space when unnamed, as Kubo's format gives), with
 * {@code -q} the CID alone. Given CIDs, each must be pinned as {@code --type} asks; an indirect one reads
 * {@code indirect through <root>}; the first that is not ends the command with {@code path '<arg>' is not pinned}.
 */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List objects pinned to local storage (Kubo's `ipfs pin ls`).")
final class PinLsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Only these CIDs or content paths.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "all",
            description = "The type of pinned keys to list: direct, indirect, recursive or all. Default: all.")
    String type;

    @Option(names = {"-q", "--quiet"}, description = "Output only the CIDs of pins.")
    boolean quiet;

    @Option(names = {"-n", "--name"}, paramLabel = "TEXT",
            description = "Only pins whose names contain TEXT (case-sensitive). Implies --names.")
    String nameFilter;

    @Option(names = "--names", description = "Include pin names in the output.")
    boolean names;

    @Option(names = {"-s", "--stream"}, description = "Accepted for Kubo compatibility; output is always streamed.")
    boolean stream;

    @Override
    public Integer call() throws IOException {
        PinType kind = switch (type.toLowerCase(Locale.ROOT)) {
            case "all" -> PinType.ALL;
            case "recursive" -> PinType.RECURSIVE;
            case "direct" -> PinType.DIRECT;
            case "indirect" -> PinType.INDIRECT;
            default -> throw new UserException("invalid type '" + type
                    + "', must be one of {direct, indirect, recursive, all}");
        };
        boolean withNames = names || nameFilter != null;
        List<ContentPath> parsed = new ArrayList<>();
        for (String p : paths) {
            parsed.add(ContentPath.parse(p));
        }
        var api = DaemonApi.find(repoOption);
        if (api.isPresent()) {
            return RemoteCommands.pinLs(this, api.get(), CairnCommand.invocation(spec));
        }
        Invocation io = CairnCommand.invocation(spec);
        PrintWriter out = io.out();
        try (RepoHandle repo = RepoHandle.openReadOnly(io, repoOption)) {
            Pinner pins = repo.store().pins();
            if (parsed.isEmpty()) {
                for (Iterator<Pin> it = pins.list(kind); it.hasNext(); ) {
                    Pin pin = it.next();
                    if (nameFilter != null && (pin.name() == null || !pin.name().contains(nameFilter))) {
                        continue;
                    }
                    print(out, pin.cid(), typeName(pin.type()), pin.name(), withNames);
                }
            } else {
                for (ContentPath p : parsed) {
                    Cid cid = p.resolve(repo.reader());
                    Optional<Pin> own = pins.get(cid);
                    PinType ownType = own.map(Pin::type).orElse(null);
                    String shown = null;
                    String name = null;
                    if ((kind == PinType.ALL || kind == PinType.RECURSIVE) && ownType == PinType.RECURSIVE
                            || (kind == PinType.ALL || kind == PinType.DIRECT) && ownType == PinType.DIRECT) {
                        shown = typeName(ownType);
                        name = own.get().name();
                    } else if (kind == PinType.ALL && ownType == PinType.INDIRECT || kind == PinType.INDIRECT) {
                        Map<?, Cid> via = PinSearch.recursiveRootsReaching(pins, repo.source(), List.of(cid));
                        Cid root = via.get(cid.multihash());
                        if (root != null) {
                            shown = "indirect through " + root;
                        }
                    }
                    if (shown == null) {
                        out.flush();
                        throw new UserException("path '" + p.text() + "' is not pinned");
                    }
                    print(out, cid, shown, name, withNames);
                }
            }
        }
        out.flush();
        return CairnMain.EXIT_OK;
    }

    private void print(PrintWriter out, Cid cid, String type, String name, boolean withNames) {
        if (quiet) {
            out.println(cid);
        } else if (withNames) {
            out.println(cid + " " + type + " " + (name == null ? "" : name));
        } else {
            out.println(cid + " " + type);
        }
    }

    private static String typeName(PinType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
