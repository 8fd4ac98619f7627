#!/usr/bin/env bash
# The storing commands of the command line against baselines measured in the same run, alternating, several rounds
# (the machine is shared, so only same-run ratios mean anything). Four parts, each optional:
#
#   add    `cairn add -Q FILE` of SIZE_MIB (1 GiB) into a fresh repository, vs `dd if=FILE of=OUT bs=1M
#          conv=fdatasync` onto the same disk (the baseline); peak RSS of both, the add with CAIRN_JAVA_OPTS=-Xmx256m
#   cat    `cairn cat CID > /dev/null` of that file from that repository vs `cat FILE > /dev/null` (the baseline);
#          both warm (page-cached: the repository's files are read once first) unless DROP_CACHES=1, which drops the kernel's caches before each (needs root,
#          and slows every other job on the machine for a moment); plus `cairn cat --offset=SIZE CID`, which reads
#          no data: the command's fixed cost
#   gc     `cairn repo gc` of GC_GARBAGE (1,000) unpinned blocks in a repository of GC_BLOCKS (1,000,000) pinned
#          ones, vs `StorageFixture scan REPO sizes` (the baseline: a process that opens the database read-only
#          and iterates every stored key); plus the engine's collect() alone, in process, for the breakdown
#   pinls  `cairn pin ls` (all: walks the recursive pins for indirect ones) and `--type=recursive` with PINS
#          (100,000) recursive pins, vs `StorageFixture scan REPO pins` (the baseline: iterate the pin keys); plus
#          `--type=direct`, which lists nothing (no direct pins): the command's fixed cost
#
# Repositories for gc and pinls are built once, untimed, through the storage engine's API by
# io.cairn.bench.StorageFixture (DAGS_FOR_GC pinned two-level DAGs of 32-byte raw leaves, 1,000 links a node).
#
# Usage: bench/scripts/storage-throughput.sh [ROUNDS] [PART...]     (parts: add cat gc pinls; default all)
# Environment: SIZE_MIB (1024), ROUNDS (3), GC_BLOCKS (1000000), GC_GARBAGE (1000), DAGS_FOR_GC (4), PINS (100000),
#   RUN_TIMEOUT seconds per timed command (300), BUILD_TIMEOUT seconds per fixture build (900), TOTAL_TIMEOUT
#   seconds for the timed rounds of each part (1200; later rounds are skipped), DROP_CACHES (0),
#   CAIRN_BENCH_TMP parent of the temporary directory (default $TMPDIR or /tmp).
# Everything lives in one fresh temporary directory, never in the repository, deleted on any exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=3
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
    rounds="$1"
    shift
fi
rounds="${ROUNDS:-$rounds}"
parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(add cat gc pinls)
size_mib="${SIZE_MIB:-1024}"
gc_blocks="${GC_BLOCKS:-1000000}"
gc_garbage="${GC_GARBAGE:-1000}"
gc_dags="${DAGS_FOR_GC:-4}"
pin_count="${PINS:-100000}"
run_timeout="${RUN_TIMEOUT:-300}"
build_timeout="${BUILD_TIMEOUT:-900}"
total_timeout="${TOTAL_TIMEOUT:-1200}"
drop_caches="${DROP_CACHES:-0}"
add_heap="-Xmx256m"
size_bytes=$((size_mib * 1024 * 1024))
classes="$root/bench/target/classes"
lib="$root/.cairn-build/lib"

for v in "$size_mib" "$rounds" "$gc_blocks" "$gc_garbage" "$gc_dags" "$pin_count"; do
    [[ "$v" =~ ^[1-9][0-9]*$ ]] || {
        echo "storage-throughput: SIZE_MIB, ROUNDS, GC_BLOCKS, GC_GARBAGE, DAGS_FOR_GC and PINS must be positive" >&2
        exit 2
    }
done
want() {
    local p
    for p in "${parts[@]}"; do
        [[ "$p" == "$1" ]] && return 0
    done
    return 1
}
for p in "${parts[@]}"; do
    case "$p" in
        add | cat | gc | pinls) ;;
        *) echo "storage-throughput: unknown part '$p' (add, cat, gc, pinls)" >&2; exit 2 ;;
    esac
done
if want cat && ! want add; then
    parts+=(add) # cat reads what the add stored
fi

# shellcheck source=measure.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure.sh"
make_bench_tmp cairn-storage-throughput

if want add; then
    free_kib="$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')"
    # The source, dd's copy, and a repository holding it (WAL and blob files: about twice the file for a moment).
    if ((free_kib < size_mib * 1024 * 4 + 1048576)); then
        echo "storage-throughput: $tmp has ${free_kib} KiB free, needs 4 x $size_mib MiB and 1 GiB to spare" >&2
        exit 2
    fi
fi

# ./cairn rebuilds itself when its sources changed; its jars are also the class path of StorageFixture.
echo "storage-throughput: building (./cairn and bench classes) if needed" >&2
timeout "$build_timeout" "$root/cairn" --version >/dev/null
if [[ ! -f "$classes/io/cairn/bench/StorageFixture.class" \
        || -n "$(find "$root/bench/src" -newer "$classes/io/cairn/bench/StorageFixture.class" -name '*.java' -print -quit)" ]]; then
    (cd "$root" && timeout "$build_timeout" mvn -o -q -B -pl core,storage,bench -am package -DskipTests) >&2
fi
fixture_cp="$classes:$lib/*"

bench_name=storage-throughput

# Untimed setup steps, bounded too.
setup() {
    timeout "$build_timeout" "$@" || {
        echo "storage-throughput: setup step failed or passed BUILD_TIMEOUT=${build_timeout}s: $*" >&2
        exit 1
    }
}

fixture=(java -Xmx512m -XX:+UseParallelGC -cp "$fixture_cp" io.cairn.bench.StorageFixture)

secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
mbps() { awk -v b="$size_bytes" -v ns="$1" 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { [[ "$1" == "?" ]] && echo "?" || echo $((($1 + 512) / 1024)); }
median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
    else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
drop() {
    if [[ "$drop_caches" == 1 ]]; then
        sync
        echo 3 >/proc/sys/vm/drop_caches
    fi
}

fmt='%-5s %-18s %8s %9s %7s %7s %8s  %s\n'
header() {
    echo
    echo "== $1"
    printf "$fmt" round run seconds MB/s x-base "CPU s" "RSS MiB" note
}
row() { printf "$fmt" "$@"; }

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(java -version 2>&1 | head -n 1)"
echo "disk:    $(df -PT "$tmp" | awk 'NR == 2 { print $1, $2 }') under $tmp; peak RSS via ${time_bin:-nothing}"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- add and cat ----
if want add; then
    file="$tmp/data.bin"
    echo "storage-throughput: writing $size_mib MiB of pseudo-random bytes to $file" >&2
    head -c "$size_bytes" /dev/urandom >"$file"
    cat "$file" >/dev/null
    header "add: $size_mib MiB into a fresh repository (CAIRN_JAVA_OPTS=$add_heap) vs dd conv=fdatasync; cat:" \
        "$( [[ $drop_caches == 1 ]] && echo 'caches dropped before each read' || echo 'warm vs warm')"
    started=$SECONDS
    for ((r = 1; r <= rounds; r++)); do
        if ((r > 1 && SECONDS - started > total_timeout)); then
            echo "storage-throughput: add: stopping after $((r - 1)) rounds (TOTAL_TIMEOUT)" >&2
            break
        fi
        repo="$tmp/repo-add"
        rm -rf "$repo"
        setup env CAIRN_PATH="$repo" "$root/cairn" init >/dev/null 2>&1
        order=(dd cairn-add)
        ((r % 2)) || order=(cairn-add dd)
        for c in "${order[@]}"; do
            sync
            if [[ "$c" == dd ]]; then
                run_measured dd /dev/null dd if="$file" of="$tmp/dd.out" bs=1M conv=fdatasync
                rm -f "$tmp/dd.out"
                dd_ns=$elapsed_ns dd_cpu=$cpu_s dd_rss=$rss_kib
            else
                run_measured cairn-add "$tmp/cid" env CAIRN_PATH="$repo" CAIRN_JAVA_OPTS="$add_heap" \
                    "$root/cairn" add -Q "$file"
                add_ns=$elapsed_ns add_cpu=$cpu_s add_rss=$rss_kib
                repo_mib="$(du -sm "$repo" | cut -f1)"
            fi
        done
        cid="$(cat "$tmp/cid")"
        x="$(ratio "$dd_ns" "$add_ns")"
        all_add+="$x "
        add_rss_all+="$(mib "$add_rss") "
        row "$r" dd "$(secs "$dd_ns")" "$(mbps "$dd_ns")" - "$dd_cpu" "$(mib "$dd_rss")" "baseline"
        row "$r" cairn-add "$(secs "$add_ns")" "$(mbps "$add_ns")" "$x" "$add_cpu" "$(mib "$add_rss")" \
            "repo ${repo_mib} MiB, $cid"
        if want cat; then
            order=(cat cairn-cat)
            ((r % 2)) || order=(cairn-cat cat)
            if [[ "$drop_caches" != 1 ]]; then
                # Warm means both page-cached: the add wrote its packs with O_DIRECT, past the page cache.
                find "$repo" -type f -exec cat {} + >/dev/null
            fi
            for c in "${order[@]}"; do
                drop
                if [[ "$c" == cat ]]; then
                    run_measured cat /dev/null cat "$file"
                    cat_ns=$elapsed_ns cat_cpu=$cpu_s cat_rss=$rss_kib
                else
                    run_measured cairn-cat /dev/null env CAIRN_PATH="$repo" "$root/cairn" cat "$cid"
                    ccat_ns=$elapsed_ns ccat_cpu=$cpu_s ccat_rss=$rss_kib
                fi
            done
            # The fixed part of a cairn cat: the same command reading nothing (offset at the end of the file).
            drop
            run_measured cairn-cat-0 /dev/null env CAIRN_PATH="$repo" "$root/cairn" cat --offset="$size_bytes" "$cid"
            x="$(ratio "$cat_ns" "$ccat_ns")"
            all_cat+="$x "
            row "$r" cat "$(secs "$cat_ns")" "$(mbps "$cat_ns")" - "$cat_cpu" "$(mib "$cat_rss")" "baseline"
            row "$r" cairn-cat "$(secs "$ccat_ns")" "$(mbps "$ccat_ns")" "$x" "$ccat_cpu" "$(mib "$ccat_rss")" ""
            row "$r" cairn-cat-0 "$(secs "$elapsed_ns")" - - "$cpu_s" "$(mib "$rss_kib")" \
                "start-up: --offset at the end, reads no data"
        fi
        rm -rf "$repo"
    done
    echo "median cairn-add speed x dd: $(median <<<"$all_add") (rounds: ${all_add% }); goal >= 0.80;" \
        "peak RSS MiB: ${add_rss_all% }"
    if want cat; then
        echo "median cairn-cat speed x cat: $(median <<<"$all_cat") (rounds: ${all_cat% }); goal >= 0.50"
    fi
    rm -f "$file"
fi

# ---- gc ----
if want gc; then
    repo="$tmp/repo-gc"
    leaves=$((gc_blocks / gc_dags))
    setup env CAIRN_PATH="$repo" "$root/cairn" init >/dev/null 2>&1
    echo "storage-throughput: building $gc_dags pinned DAGs of $leaves leaves" >&2
    t0=$SECONDS
    built="$(setup "${fixture[@]}" dags "$repo" "$gc_dags" "$leaves")"
    echo
    echo "gc repository: $built (built in $((SECONDS - t0)) s, untimed); $(du -sm "$repo" | cut -f1) MiB"
    header "gc: $gc_garbage unpinned blocks among the pinned ones; baseline: iterate every key of 'sizes'"
    started=$SECONDS
    for ((r = 1; r <= rounds; r++)); do
        if ((r > 1 && SECONDS - started > total_timeout)); then
            echo "storage-throughput: gc: stopping after $((r - 1)) rounds (TOTAL_TIMEOUT)" >&2
            break
        fi
        setup "${fixture[@]}" garbage "$repo" "$gc_garbage" "$((2 * r))" >/dev/null
        order=(scan repo-gc)
        ((r % 2)) || order=(repo-gc scan)
        for c in "${order[@]}"; do
            if [[ "$c" == scan ]]; then
                run_measured scan "$tmp/scan.out" "${fixture[@]}" scan "$repo" sizes
                scan_ns=$elapsed_ns scan_cpu=$cpu_s scan_rss=$rss_kib
            else
                run_measured repo-gc "$tmp/gc.out" env CAIRN_PATH="$repo" "$root/cairn" repo gc
                gc_ns=$elapsed_ns gc_cpu=$cpu_s gc_rss=$rss_kib
            fi
        done
        removed="$(grep -c '^removed ' "$tmp/gc.out" || true)"
        # The engine alone, in one process: how much of the command is JVM start and opening the database.
        setup "${fixture[@]}" garbage "$repo" "$gc_garbage" "$((2 * r + 1))" >/dev/null
        inproc="$(setup "${fixture[@]}" gc "$repo")"
        x="$(ratio "$gc_ns" "$scan_ns")"
        all_gc+="$x "
        row "$r" scan-sizes "$(secs "$scan_ns")" - - "$scan_cpu" "$(mib "$scan_rss")" "$(cat "$tmp/scan.out")"
        row "$r" "cairn repo gc" "$(secs "$gc_ns")" - "$x" "$gc_cpu" "$(mib "$gc_rss")" \
            "removed $removed; engine alone: $inproc"
    done
    echo "x-base here is time / baseline time (lower is better). median repo gc / scan: $(median <<<"$all_gc")" \
        "(rounds: ${all_gc% })"
    rm -rf "$repo"
fi

# ---- pin ls ----
if want pinls; then
    repo="$tmp/repo-pins"
    setup env CAIRN_PATH="$repo" "$root/cairn" init >/dev/null 2>&1
    echo "storage-throughput: pinning $pin_count one-block DAGs (one synced batch each)" >&2
    t0=$SECONDS
    built="$(setup "${fixture[@]}" pins "$repo" "$pin_count")"
    echo
    echo "pin repository: $built (built in $((SECONDS - t0)) s, untimed)"
    declare -A all_pin=()
    header "pin ls with $pin_count recursive pins; baseline: iterate every key of 'pins'"
    started=$SECONDS
    for ((r = 1; r <= rounds; r++)); do
        if ((r > 1 && SECONDS - started > total_timeout)); then
            echo "storage-throughput: pinls: stopping after $((r - 1)) rounds (TOTAL_TIMEOUT)" >&2
            break
        fi
        order=(scan pin-ls pin-ls-recursive pin-ls-direct)
        ((r % 2)) || order=(pin-ls-direct pin-ls-recursive pin-ls scan)
        declare -A ns=() cpu=() rss=()
        for c in "${order[@]}"; do
            case "$c" in
                scan) run_measured "$c" "$tmp/$c.out" "${fixture[@]}" scan "$repo" pins ;;
                pin-ls) run_measured "$c" "$tmp/$c.out" env CAIRN_PATH="$repo" "$root/cairn" pin ls ;;
                pin-ls-recursive) run_measured "$c" "$tmp/$c.out" env CAIRN_PATH="$repo" "$root/cairn" pin ls \
                    --type=recursive ;;
                # Start-up: the same command with nothing to list (the fixture makes no direct pins).
                pin-ls-direct) run_measured "$c" "$tmp/$c.out" env CAIRN_PATH="$repo" "$root/cairn" pin ls \
                    --type=direct ;;
            esac
            ns[$c]=$elapsed_ns cpu[$c]=$cpu_s rss[$c]=$rss_kib
        done
        inproc="$(setup "${fixture[@]}" pinls "$repo" ALL)"
        row "$r" scan-pins "$(secs "${ns[scan]}")" - - "${cpu[scan]}" "$(mib "${rss[scan]}")" "$(cat "$tmp/scan.out")"
        for c in pin-ls pin-ls-recursive pin-ls-direct; do
            x="$(ratio "${ns[$c]}" "${ns[scan]}")"
            all_pin[$c]+="$x "
            note="$(wc -l <"$tmp/$c.out") lines"
            [[ "$c" == pin-ls ]] && note+="; engine alone: $inproc"
            [[ "$c" == pin-ls-direct ]] && note+=" (start-up: nothing to list)"
            row "$r" "$c" "$(secs "${ns[$c]}")" - "$x" "${cpu[$c]}" "$(mib "${rss[$c]}")" "$note"
        done
    done
    echo "x-base here is time / baseline time (lower is better). medians: pin ls $(median <<<"${all_pin[pin-ls]}")" \
        "(rounds: ${all_pin[pin-ls]% }), --type=recursive $(median <<<"${all_pin[pin-ls-recursive]}")" \
        "(rounds: ${all_pin[pin-ls-recursive]% }), start-up (--type=direct) $(median <<<"${all_pin[pin-ls-direct]}")"
    rm -rf "$repo"
fi
echo "load at end:   $(cut -d' ' -f1-3 /proc/loadavg)"
