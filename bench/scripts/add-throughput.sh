#!/usr/bin/env bash
# Whole-process throughput of `cairn add -n` against the JDK's single-thread SHA-256 over the same file, measured
# in the same run, alternating, several rounds: the machine is shared, so only same-run ratios mean anything.
#
# Per round it times, over one file of pseudo-random bytes held in the page cache:
#   jdk-sha256   java -Xmx128m -cp bench/target/benchmarks.jar io.cairn.bench.Sha256File FILE   (the baseline)
#   sha256sum    coreutils, for reference only
#   jdk-leaves   the same Java program hashing 256 KiB pieces separately on all cores: the ceiling of an importer
#                that did nothing but hash its leaves, i.e. what the machine really had to give in that round
#   cairn-kubo   CAIRN_JAVA_OPTS=-Xmx128m ./cairn add -n -Q FILE                             (Kubo's defaults)
#   cairn-v1     CAIRN_JAVA_OPTS=-Xmx128m ./cairn add -n -Q --profile unixfs-v1-2025 FILE
# and prints MB/s (10^6 bytes a second, wall clock, JVM start included for both Java runs), the ratio of each
# to the baseline of the same round, and the peak RSS of each process.
#
# Usage: bench/scripts/add-throughput.sh [ROUNDS]
# Environment: SIZE_MIB (default 1024), ROUNDS (default 3), RUN_TIMEOUT seconds per command (default 300),
#   TOTAL_TIMEOUT seconds for all rounds (default 1200; rounds that would start later are skipped),
#   CAIRN_BENCH_TMP parent of the temporary directory (default $TMPDIR or /tmp).
# The file lives in a fresh temporary directory, never in the repository, and is deleted on any exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size_mib="${SIZE_MIB:-1024}"
rounds="${1:-${ROUNDS:-3}}"
run_timeout="${RUN_TIMEOUT:-300}"
total_timeout="${TOTAL_TIMEOUT:-1200}"
heap="-Xmx128m"
jar="$root/bench/target/benchmarks.jar"
size_bytes=$((size_mib * 1024 * 1024))

[[ "$size_mib" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] || {
    echo "add-throughput: SIZE_MIB and ROUNDS must be positive integers" >&2
    exit 2
}

# shellcheck source=measure.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure.sh"
make_bench_tmp cairn-add-throughput

if [[ ! -f "$jar" ]]; then
    echo "add-throughput: building $jar" >&2
    (cd "$root" && mvn -o -q -B -pl core,bench -am package -DskipTests) >&2
fi

free_kib="$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')"
if ((free_kib < size_mib * 1024 + 262144)); then
    echo "add-throughput: $tmp has ${free_kib} KiB free, needs $size_mib MiB and 256 MiB to spare" >&2
    exit 2
fi

bench_name=add-throughput

mbps() { awk -v b="$size_bytes" -v ns="$1" 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

file="$tmp/data.bin"
echo "add-throughput: writing $size_mib MiB of pseudo-random bytes to $file" >&2
head -c "$size_bytes" /dev/urandom >"$file"

commands=(jdk-sha256 sha256sum jdk-leaves cairn-kubo cairn-v1)
run_one() {
    case "$1" in
        jdk-sha256) run_measured "$1" "$tmp/$1.out" java "$heap" -cp "$jar" io.cairn.bench.Sha256File "$file" ;;
        sha256sum) run_measured "$1" "$tmp/$1.out" sha256sum "$file" ;;
        jdk-leaves) run_measured "$1" "$tmp/$1.out" java "$heap" -cp "$jar" io.cairn.bench.Sha256File --leaves 262144 "$file" ;;
        cairn-kubo) run_measured "$1" "$tmp/$1.out" env CAIRN_JAVA_OPTS="$heap" "$root/cairn" add -n -Q "$file" ;;
        cairn-v1) run_measured "$1" "$tmp/$1.out" env CAIRN_JAVA_OPTS="$heap" "$root/cairn" add -n -Q \
            --profile unixfs-v1-2025 "$file" ;;
    esac
}

# Untimed warm-up: fills the page cache, lets ./cairn rebuild itself if its sources changed, and checks that
# both SHA-256 implementations agree.
echo "add-throughput: warming up (page cache, launcher build, digest and CID checks)" >&2
for c in "${commands[@]}"; do
    run_one "$c"
done
jdk_hex="$(cut -d' ' -f1 "$tmp/jdk-sha256.out")"
coreutils_hex="$(cut -d' ' -f1 "$tmp/sha256sum.out")"
if [[ "$jdk_hex" != "$coreutils_hex" ]]; then
    echo "add-throughput: Sha256File ($jdk_hex) and sha256sum ($coreutils_hex) disagree" >&2
    exit 1
fi
declare -A cid
cid[cairn-kubo]="$(cat "$tmp/cairn-kubo.out")"
cid[cairn-v1]="$(cat "$tmp/cairn-v1.out")"

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(java -version 2>&1 | head -n 1)"
echo "file:    $size_mib MiB pseudo-random, page-cached; heap $heap for every JVM; peak RSS via" \
    "${time_bin:-/proc VmHWM sampling}"
echo "cids:    kubo ${cid[cairn-kubo]}  unixfs-v1-2025 ${cid[cairn-v1]}"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# Columns: wall seconds and MB/s (JVM start included), speed as a multiple of the same round's jdk-sha256, CPU
# seconds (user + system), CPU per byte as a multiple of jdk-sha256's, cores kept busy (CPU / wall), peak RSS.
fmt='%-5s %-11s %7s %8s %6s %7s %7s %6s %8s  %s\n'
printf "$fmt" round run seconds MB/s x-jdk "CPU s" CPU-x "cores" "RSS MiB" note
declare -A all rss_max
started=$SECONDS
for ((r = 1; r <= rounds; r++)); do
    if ((r > 1 && SECONDS - started > total_timeout)); then
        echo "add-throughput: stopping after $((r - 1)) rounds, past TOTAL_TIMEOUT=${total_timeout}s" >&2
        break
    fi
    # Alternate the order so that neither side always runs right after the other.
    order=("${commands[@]}")
    if ((r % 2 == 0)); then
        order=()
        for ((i = ${#commands[@]} - 1; i >= 0; i--)); do
            order+=("${commands[i]}")
        done
    fi
    declare -A speed=() cpu=() row=()
    for c in "${order[@]}"; do
        run_one "$c"
        speed[$c]="$(mbps "$elapsed_ns")"
        cpu[$c]="$cpu_s"
        note=""
        case "$c" in
            cairn-*) [[ "$(cat "$tmp/$c.out")" == "${cid[$c]}" ]] || note="CID CHANGED: $(cat "$tmp/$c.out")" ;;
            jdk-*) note="hashing alone, in the JVM: $(sed -n 's/.*, \([0-9.]*\) MB\/s/\1/p' "$tmp/$c.err") MB/s" ;;
        esac
        rss="?"
        if [[ "$rss_kib" != "?" ]]; then
            rss=$(((rss_kib + 512) / 1024))
            ((rss <= ${rss_max[$c]:-0})) || rss_max[$c]=$rss
        fi
        sec="$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')"
        all[$c]+="${speed[$c]} "
        row[$c]="$sec ${speed[$c]} $cpu_s $(ratio "$cpu_s" "$sec") $rss $note"
    done
    for c in "${order[@]}"; do
        x="-"
        cx="-"
        if [[ "$c" != jdk-sha256 ]]; then
            x="$(ratio "${speed[$c]}" "${speed[jdk-sha256]}")"
            cx="$(ratio "${cpu[$c]}" "${cpu[jdk-sha256]}")"
            all["ratio-$c"]+="$x "
            all["cpu-$c"]+="$cx "
        fi
        read -r sec mb cs cores rss note <<<"${row[$c]}"
        # shellcheck disable=SC2059
        printf "$fmt" "$r" "$c" "$sec" "$mb" "$x" "$cs" "$cx" "$cores" "$rss" "$note"
    done
done
echo "load at end:   $(cut -d' ' -f1-3 /proc/loadavg)"
echo

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
    else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "medians over the rounds (ratios are taken per round, against the jdk-sha256 run of the same round):"
for c in "${commands[@]}"; do
    line="$(printf '  %-11s %8s MB/s' "$c" "$(median <<<"${all[$c]}")")"
    if [[ "$c" != jdk-sha256 ]]; then
        line+="$(printf '  speed x jdk-sha256 %5s (rounds: %s)  CPU x jdk-sha256 %5s' \
            "$(median <<<"${all[ratio-$c]}")" "${all[ratio-$c]% }" "$(median <<<"${all[cpu-$c]}")")"
    fi
    line+="  peak RSS ${rss_max[$c]:-?} MiB"
    echo "$line"
done
