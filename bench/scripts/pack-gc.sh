#!/usr/bin/env bash
# `cairn repo gc` giving back the disk space of large blocks (pack files, docs/storage-design.md), against a
# baseline measured in the same run. Per round:
#
#   spread  FILES (16) files of FILE_MIB (64) MiB added in one `cairn add -w` (so every 256 MiB pack holds four of
#           them), one file in four kept pinned and the rest unpinned: the garbage is spread evenly, so the
#           collection must copy the live quarter of every pack to free the rest (the worst case for copying).
#           Baseline: `dd conv=fdatasync` writing the kept files' bytes once (what the copy has to write anyway).
#   whole   then the kept files unpinned too: every pack is garbage and is deleted without copying. Baseline: `rm`
#           of a directory holding the same files (FILES x FILE_MIB) and a sync.
#
# Each row reports the command's time, CPU and peak RSS, and the pack directory's size before and after (`du`).
# Usage: bench/scripts/pack-gc.sh [ROUNDS]     Environment: FILES, FILE_MIB, RUN_TIMEOUT (300 s per command),
#   CAIRN_BENCH_TMP parent of the temporary directory (default $TMPDIR or /tmp). Everything lives in one fresh
#   temporary directory, deleted on any exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}"
files="${FILES:-16}"
file_mib="${FILE_MIB:-64}"
run_timeout="${RUN_TIMEOUT:-300}"
for v in "$rounds" "$files" "$file_mib"; do
    [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "pack-gc: ROUNDS, FILES and FILE_MIB must be positive" >&2; exit 2; }
done

# shellcheck source=measure.sh
source "$(dirname "${BASH_SOURCE[0]}")/measure.sh"
make_bench_tmp cairn-pack-gc

free_kib="$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')"
if ((free_kib < files * file_mib * 1024 * 3 + 1048576)); then
    echo "pack-gc: $tmp has ${free_kib} KiB free, needs 3 x FILES x FILE_MIB MiB and 1 GiB to spare" >&2
    exit 2
fi
timeout 900 "$root/cairn" --version >/dev/null

bench_name=pack-gc

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$tmp/data"
for ((i = 0; i < files; i++)); do
    head -c $((file_mib << 20)) /dev/urandom >"$tmp/data/f$i.bin"
done
cairn() { env CAIRN_PATH="$tmp/repo" "$root/cairn" "$@"; }
packs_mib() { du -sm "$tmp/repo/blocks/packs" | cut -f1; }
fmt='%-5s %-14s %8s %7s %8s %10s %10s  %s\n'
printf "$fmt" round run seconds "CPU s" "RSS MiB" "before MiB" "after MiB" note

for ((r = 1; r <= rounds; r++)); do
    rm -rf "$tmp/repo"
    cairn init >/dev/null 2>&1
    wrapper="$(cairn add -Q -w "$tmp"/data/f*.bin)"
    kept=()
    for ((i = 0; i < files; i += 4)); do
        kept+=("$(cairn add -Q -n "$tmp/data/f$i.bin")")
    done
    cairn pin add "${kept[@]}" >/dev/null
    cairn pin rm "$wrapper" >/dev/null
    sync

    before="$(packs_mib)"
    run_measured gc-spread /dev/null env CAIRN_PATH="$tmp/repo" "$root/cairn" repo gc -q
    row_gc=("$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')" "$cpu_s" "$((rss_kib / 1024))")
    printf "$fmt" "$r" gc-spread "${row_gc[0]}" "${row_gc[1]}" "${row_gc[2]}" "$before" "$(packs_mib)" \
        "${#kept[@]} of $files files kept"
    for c in "${kept[@]}"; do
        cairn cat "$c" >/dev/null # still whole (cat checks every block's CRC32C)
    done

    cat $(for ((i = 0; i < files; i += 4)); do echo "$tmp/data/f$i.bin"; done) >"$tmp/kept.bin"
    run_measured dd-kept /dev/null dd if="$tmp/kept.bin" of="$tmp/kept.copy" bs=1M conv=fdatasync status=none
    printf "$fmt" "$r" dd-kept "$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')" "$cpu_s" \
        "$((rss_kib / 1024))" - - "baseline: writing the kept bytes once"
    rm -f "$tmp/kept.bin" "$tmp/kept.copy"

    cairn pin rm "${kept[@]}" >/dev/null
    sync
    before="$(packs_mib)"
    run_measured gc-whole /dev/null env CAIRN_PATH="$tmp/repo" "$root/cairn" repo gc -q
    printf "$fmt" "$r" gc-whole "$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')" "$cpu_s" \
        "$((rss_kib / 1024))" "$before" "$(packs_mib)" "nothing kept"

    cp -r "$tmp/data" "$tmp/doomed"
    sync
    run_measured rm-files /dev/null sh -c "rm -rf '$tmp/doomed' && sync"
    printf "$fmt" "$r" rm-files "$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')" "$cpu_s" \
        "$((rss_kib / 1024))" - - "baseline: rm of the same files, and sync"
done
echo "load at end:   $(cut -d' ' -f1-3 /proc/loadavg)"
