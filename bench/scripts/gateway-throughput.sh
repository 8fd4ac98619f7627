#!/usr/bin/env bash
# The HTTP gateway of `cairn daemon` against nginx serving the same bytes from disk, in the same run, alternating
# rounds (Cairn first in odd rounds, nginx first in even ones; the machine is shared, so only same-run ratios mean
# anything). Per round and server:
#
#   stream  one `curl -o /dev/null` of a SIZE_MIB (1 GiB) file: MB/s and time to first byte; the daemon's RSS is
#           sampled from /proc before, during and after it (memory must stay flat)
#   small   `wrk -t WRK_THREADS -c WRK_CONNECTIONS -d WRK_SECONDS --latency` over SMALL_FILES (1,000) files of
#           SMALL_KIB (4) KiB, each connection cycling through the paths (a Lua script): requests/s, latency p50/p99
#   ttfb    TTFB_REQUESTS (200) sequential GETs from one curl (keep-alive) of one 4 KiB file each, and as many of the
#           first 64 KiB of the large file (Range: bytes=0-65535): time to first byte p50/p99
#
# The bytes: the large file and the small files are written from /dev/urandom into www/, `cairn add` stores them
# (Kubo's defaults unless ADD_ARGS says otherwise), nginx serves www/ and Cairn serves /ipfs/CID (the large file)
# and /ipfs/DIRCID/NAME (a small file, resolved through the directory on every request). An untimed warm-up checks
# that both serve the same bytes (sha256 of the large file, cmp of a few small ones) and warms the JIT and caches.
#
# Cairn: `./cairn daemon --offline` (no swarm: every block is local) on a fresh repository, gateway and API on
# 127.0.0.1 port 0; JVM options as the launcher sets them (-Xmx512m -XX:+UseParallelGC) unless CAIRN_JAVA_OPTS
# replaces them. nginx: Debian's, its own config in the temp directory (worker_processes auto, sendfile on,
# access_log off, keepalive_requests 1000000), on a free 127.0.0.1 port, in the foreground. nginx and wrk are
# installed with apt-get when missing (needs root).
#
# Usage: bench/scripts/gateway-throughput.sh [ROUNDS]
# Environment: ROUNDS (3), SIZE_MIB (1024), SMALL_FILES (1000), SMALL_KIB (4), WRK_CONNECTIONS (64),
#   WRK_THREADS (2), WRK_SECONDS (10), TTFB_REQUESTS (200), ADD_ARGS (none), CAIRN_JAVA_OPTS (launcher default),
#   RUN_TIMEOUT seconds per timed command (300), BUILD_TIMEOUT seconds per setup step (900), TOTAL_TIMEOUT seconds
#   for all rounds (1200; later rounds are skipped), CAIRN_BENCH_TMP parent of the temporary directory.
# Everything binds 127.0.0.1 only and lives in one fresh temporary directory, deleted on any exit; the daemon and
# nginx are stopped by their pids.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-${ROUNDS:-3}}"
size_mib="${SIZE_MIB:-1024}"
small_files="${SMALL_FILES:-1000}"
small_kib="${SMALL_KIB:-4}"
wrk_conns="${WRK_CONNECTIONS:-64}"
wrk_threads="${WRK_THREADS:-2}"
wrk_secs="${WRK_SECONDS:-10}"
ttfb_n="${TTFB_REQUESTS:-200}"
run_timeout="${RUN_TIMEOUT:-300}"
build_timeout="${BUILD_TIMEOUT:-900}"
total_timeout="${TOTAL_TIMEOUT:-1200}"
read -r -a add_args <<<"${ADD_ARGS:-}"
size_bytes=$((size_mib * 1024 * 1024))

for v in "$rounds" "$size_mib" "$small_files" "$small_kib" "$wrk_conns" "$wrk_threads" "$wrk_secs" "$ttfb_n"; do
    [[ "$v" =~ ^[1-9][0-9]*$ ]] || {
        echo "gateway-throughput: ROUNDS, SIZE_MIB, SMALL_FILES, SMALL_KIB, WRK_*, TTFB_REQUESTS must be positive" >&2
        exit 2
    }
done

missing=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "gateway-throughput: needs ${missing[*]} (apt-get install ${missing[*]}, as root)" >&2
        exit 2
    fi
    echo "gateway-throughput: installing ${missing[*]}" >&2
    timeout "$build_timeout" apt-get install -y -q "${missing[@]}" >&2
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

tmp="$(mktemp -d "${CAIRN_BENCH_TMP:-${TMPDIR:-/tmp}}/cairn-gateway-throughput.XXXXXX")"
daemon_pid=""
nginx_pid=""
sampler_pid=""
child=""
stop_pid() {
    local pid="$1" i
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    # Only what this script started, each by its own pid.
    stop_pid "$child"
    stop_pid "$sampler_pid"
    stop_pid "$daemon_pid"
    stop_pid "$nginx_pid"    # the master; it stops its workers
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_kib="$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')"
if ((free_kib < size_mib * 1024 * 3 + 1048576)); then
    echo "gateway-throughput: $tmp has ${free_kib} KiB free, needs 3 x $size_mib MiB and 1 GiB to spare" >&2
    exit 2
fi

setup() {
    timeout "$build_timeout" "$@" || {
        echo "gateway-throughput: setup step failed or passed BUILD_TIMEOUT=${build_timeout}s: $*" >&2
        exit 1
    }
}
bounded() { timeout "$run_timeout" "$@"; }

echo "gateway-throughput: building ./cairn if needed" >&2
setup "$root/cairn" --version >/dev/null

# ---- the bytes ----
www="$tmp/www"
mkdir -p "$www/small"
echo "gateway-throughput: writing $size_mib MiB and $small_files x $small_kib KiB of pseudo-random bytes" >&2
head -c "$size_bytes" /dev/urandom >"$www/big.bin"
for ((i = 0; i < small_files; i++)); do
    printf -v name 'f%05d.bin' "$i"
    echo "$www/small/$name"
done | awk -v kib="$small_kib" '{ print "head -c " kib * 1024 " /dev/urandom > " $0 }' | sh
# nginx's workers drop root privileges: let them read the files.
chmod a+rx "$tmp" "$www" "$www/small"
chmod a+r "$www/big.bin" "$www"/small/*

export CAIRN_PATH="$tmp/repo"
cairn=("$root/cairn")
setup "${cairn[@]}" init >/dev/null
setup "${cairn[@]}" config Addresses.Gateway /ip4/127.0.0.1/tcp/0 >/dev/null
setup "${cairn[@]}" config Addresses.API /ip4/127.0.0.1/tcp/0 >/dev/null
setup "${cairn[@]}" config --json Addresses.Swarm '["/ip4/127.0.0.1/tcp/0"]' >/dev/null
echo "gateway-throughput: cairn add ${add_args[*]:-} (untimed)" >&2
big_cid="$(setup "${cairn[@]}" add -Q "${add_args[@]}" "$www/big.bin")"
dir_cid="$(setup "${cairn[@]}" add -r -Q "${add_args[@]}" "$www/small")"

# ---- the servers ----
: >"$tmp/daemon.log"
"${cairn[@]}" daemon --offline >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!      # the launcher execs java: this is the JVM
gw_port=""
for ((i = 0; i < 1200; i++)); do
    if grep -q '^Daemon is ready' "$tmp/daemon.log"; then
        gw_port="$(sed -n 's|^Gateway server listening on /ip4/127\.0\.0\.1/tcp/\([0-9]*\)$|\1|p' "$tmp/daemon.log")"
        break
    fi
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -z "$gw_port" ]]; then
    echo "gateway-throughput: the daemon did not start:" >&2
    tail -n 20 "$tmp/daemon.log" >&2
    exit 1
fi

start_nginx() {
    local port="$1"
    mkdir -p "$tmp/nginx/logs"
    cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $www;
    }
}
EOF
    "$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" \
        >"$tmp/nginx/logs/stdout.log" 2>&1 &
    nginx_pid=$!
    local j
    for ((j = 0; j < 100; j++)); do
        kill -0 "$nginx_pid" 2>/dev/null || { wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; return 1; }
        curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/small/f00000.bin" && return 0
        sleep 0.1
    done
    return 1
}
ng_port=""
for ((i = 0; i < 20; i++)); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if start_nginx "$p"; then
        ng_port=$p
        break
    fi
done
if [[ -z "$ng_port" ]]; then
    echo "gateway-throughput: nginx did not start:" >&2
    cat "$tmp/nginx/logs/"*.log >&2 || true
    exit 1
fi

cairn_base="http://127.0.0.1:$gw_port"
nginx_base="http://127.0.0.1:$ng_port"
big_path() { [[ "$1" == cairn ]] && echo "/ipfs/$big_cid" || echo "/big.bin"; }
small_prefix() { [[ "$1" == cairn ]] && echo "/ipfs/$dir_cid/" || echo "/small/"; }
base() { [[ "$1" == cairn ]] && echo "$cairn_base" || echo "$nginx_base"; }

for s in cairn nginx; do
    (cd "$www/small" && ls) | sed "s|^|$(small_prefix "$s")|" >"$tmp/paths-$s.txt"
done
cat >"$tmp/paths.lua" <<'EOF'
-- Each thread cycles through the paths in WRK_PATHS (its connections take turns), from its own start.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
-- setup() runs in the main state, once per thread: give each thread its own starting point.
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local i = 0
function init(args) i = ((id or 0) * 7919) % #paths end
function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
EOF

# ---- measuring helpers ----
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { echo $((($1 + 512) / 1024)); }
# CPU ticks (user + system) of a process and, for nginx, of its workers too.
ticks() {
    local p total=0 t
    for p in "$@"; do
        t="$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)"
        total=$((total + t))
    done
    echo "$total"
}
server_pids() {
    if [[ "$1" == cairn ]]; then
        echo "$daemon_pid"
    else
        echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true)
    fi
}
hz="$(getconf CLK_TCK)"
cpu_s() { awk -v t="$1" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }'; }
# Samples the daemon's RSS every 50 ms into FILE until stopped (bounded by RUN_TIMEOUT).
start_sampler() {
    local out="$1"
    : >"$out"
    (
        end=$((SECONDS + run_timeout))
        while ((SECONDS < end)); do
            rss_kib "$daemon_pid" >>"$out"
            sleep 0.05
        done
    ) &
    sampler_pid=$!
}
stop_sampler() {
    stop_pid "$sampler_pid"
    sampler_pid=""
}
max_of() { sort -n "$1" | tail -n 1; }
# p50 and p99 (nearest rank) of the numbers in FILE, in seconds, printed in ms.
pcts() {
    sort -g "$1" | awk '{ v[NR] = $1 } END {
        p50 = v[int(NR * 0.50 + 0.999999)]; p99 = v[int(NR * 0.99 + 0.999999)]
        printf "%.2f %.2f", p50 * 1000, p99 * 1000 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }
median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
    else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# wrk's latency figure ("1.23ms", "850.00us", "1.02s") in ms.
wrk_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

# stream SERVER: sets st_mbps st_ttfb_ms st_cpu and, for cairn, rss_before/max/after (MiB).
stream() {
    local s="$1" out t0 pids
    pids="$(server_pids "$s")"
    [[ "$s" == cairn ]] && { rss_before="$(mib "$(rss_kib "$daemon_pid")")"; start_sampler "$tmp/rss-stream"; }
    t0="$(ticks $pids)"
    out="$(bounded curl -s -S -o /dev/null --max-time "$run_timeout" \
        -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total}' "$(base "$s")$(big_path "$s")")"
    st_cpu="$(cpu_s $(($(ticks $pids) - t0)))"
    if [[ "$s" == cairn ]]; then
        stop_sampler
        sleep 1
        rss_max="$(mib "$(max_of "$tmp/rss-stream")")"
        rss_after="$(mib "$(rss_kib "$daemon_pid")")"
    fi
    read -r code size ttfb total <<<"$out"
    if [[ "$code" != 200 || "$size" != "$size_bytes" ]]; then
        echo "gateway-throughput: $s: large file: HTTP $code, $size bytes (expected $size_bytes)" >&2
        exit 1
    fi
    st_mbps="$(awk -v b="$size" -v t="$total" 'BEGIN { printf "%.1f", b / t / 1e6 }')"
    st_ttfb_ms="$(awk -v t="$ttfb" 'BEGIN { printf "%.2f", t * 1000 }')"
}

# small SERVER: sets sm_rps sm_p50 sm_p99 sm_cpu, and sm_rss_max for cairn.
small() {
    local s="$1" out t0 pids bad
    pids="$(server_pids "$s")"
    [[ "$s" == cairn ]] && start_sampler "$tmp/rss-small"
    t0="$(ticks $pids)"
    out="$(WRK_PATHS="$tmp/paths-$s.txt" bounded wrk -t "$wrk_threads" -c "$wrk_conns" -d "${wrk_secs}s" \
        --timeout 10s --latency -s "$tmp/paths.lua" "$(base "$s")")"
    sm_cpu="$(cpu_s $(($(ticks $pids) - t0)))"
    if [[ "$s" == cairn ]]; then
        stop_sampler
        sm_rss_max="$(mib "$(max_of "$tmp/rss-small")")"
    fi
    echo "$out" >"$tmp/wrk-$s.out"
    bad="$(awk '/Non-2xx or 3xx responses:/ { print $NF } /Socket errors:/ { print "socket-errors" }' <<<"$out")"
    if [[ -n "$bad" ]]; then
        echo "gateway-throughput: $s: wrk saw errors: $bad" >&2
        echo "$out" >&2
        exit 1
    fi
    sm_rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
    sm_p50="$(wrk_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    sm_p99="$(wrk_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
}

# ttfb SERVER: sets tf_small (p50 p99, ms) and tf_big (p50 p99 of the first 64 KiB of the large file).
ttfb() {
    local s="$1" i path
    : >"$tmp/curl-small.cfg"
    : >"$tmp/curl-big.cfg"
    for ((i = 0; i < ttfb_n; i++)); do
        path="$(sed -n "$((i % small_files + 1))p" "$tmp/paths-$s.txt")"
        printf 'url = "%s%s"\noutput = "/dev/null"\n' "$(base "$s")" "$path" >>"$tmp/curl-small.cfg"
        printf 'url = "%s%s"\noutput = "/dev/null"\n' "$(base "$s")" "$(big_path "$s")" >>"$tmp/curl-big.cfg"
    done
    bounded curl -s -S --max-time "$run_timeout" -w '%{http_code} %{time_starttransfer}\n' \
        -K "$tmp/curl-small.cfg" >"$tmp/ttfb-small"
    bounded curl -s -S --max-time "$run_timeout" -r 0-65535 -w '%{http_code} %{time_starttransfer}\n' \
        -K "$tmp/curl-big.cfg" >"$tmp/ttfb-big"
    if awk '$1 != 200' "$tmp/ttfb-small" | grep -q . || awk '$1 != 206' "$tmp/ttfb-big" | grep -q . \
            || [[ $(wc -l <"$tmp/ttfb-small") -ne $ttfb_n || $(wc -l <"$tmp/ttfb-big") -ne $ttfb_n ]]; then
        echo "gateway-throughput: $s: a TTFB request failed (expected $ttfb_n x 200 and 206)" >&2
        exit 1
    fi
    awk '{ print $2 }' "$tmp/ttfb-small" >"$tmp/ttfb-small.s"
    awk '{ print $2 }' "$tmp/ttfb-big" >"$tmp/ttfb-big.s"
    tf_small="$(pcts "$tmp/ttfb-small.s")"
    tf_big="$(pcts "$tmp/ttfb-big.s")"
}

# ---- warm-up, untimed: same bytes from both, JIT and page cache warm ----
echo "gateway-throughput: warm-up and checking both serve the same bytes" >&2
want_sum="$(sha256sum <"$www/big.bin" | cut -d' ' -f1)"
for s in cairn nginx; do
    got="$(bounded curl -s -S --max-time "$run_timeout" "$(base "$s")$(big_path "$s")" | sha256sum | cut -d' ' -f1)"
    if [[ "$got" != "$want_sum" ]]; then
        echo "gateway-throughput: $s served a different large file ($got, expected $want_sum)" >&2
        exit 1
    fi
    for name in f00000.bin "$(printf 'f%05d.bin' $((small_files / 2)))" "$(printf 'f%05d.bin' $((small_files - 1)))"; do
        bounded curl -s -S --max-time 30 -o "$tmp/check.bin" "$(base "$s")$(small_prefix "$s")$name"
        cmp -s "$tmp/check.bin" "$www/small/$name" || {
            echo "gateway-throughput: $s served a different $name" >&2
            exit 1
        }
    done
    WRK_PATHS="$tmp/paths-$s.txt" bounded wrk -t "$wrk_threads" -c "$wrk_conns" -d 3s -s "$tmp/paths.lua" \
        "$(base "$s")" >/dev/null
done

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(java -version 2>&1 | head -n 1), $("$nginx_bin" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
echo "cairn:   daemon --offline, CAIRN_JAVA_OPTS=${CAIRN_JAVA_OPTS:-(launcher default: -Xmx512m -XX:+UseParallelGC)}," \
    "add ${add_args[*]:-(Kubo defaults)}; large $big_cid, small files in $dir_cid"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

fmt='%-5s %-34s %12s %12s %7s\n'
printf "\n$fmt" round measure cairn nginx "c/n"
started=$SECONDS
all_st="" all_sm="" rss_line=""
for ((r = 1; r <= rounds; r++)); do
    if ((r > 1 && SECONDS - started > total_timeout)); then
        echo "gateway-throughput: stopping after $((r - 1)) rounds (TOTAL_TIMEOUT)" >&2
        break
    fi
    order=(cairn nginx)
    ((r % 2)) || order=(nginx cairn)
    declare -A R=()
    for s in "${order[@]}"; do
        stream "$s"
        R[$s.st]=$st_mbps R[$s.st_ttfb]=$st_ttfb_ms R[$s.st_cpu]=$st_cpu
    done
    for s in "${order[@]}"; do
        small "$s"
        R[$s.rps]=$sm_rps R[$s.p50]=$sm_p50 R[$s.p99]=$sm_p99 R[$s.sm_cpu]=$sm_cpu
    done
    for s in "${order[@]}"; do
        ttfb "$s"
        R[$s.tfs]=$tf_small R[$s.tfb]=$tf_big
    done
    x_st="$(ratio "${R[cairn.st]}" "${R[nginx.st]}")"
    x_sm="$(ratio "${R[cairn.rps]}" "${R[nginx.rps]}")"
    all_st+="$x_st " all_sm+="$x_sm "
    rss_line+="  round $r: before $rss_before, max during $rss_max, after $rss_after; max during wrk $sm_rss_max"$'\n'
    printf "$fmt" "$r" "${size_mib} MiB stream MB/s" "${R[cairn.st]}" "${R[nginx.st]}" "$x_st"
    printf "$fmt" "$r" "  stream TTFB ms" "${R[cairn.st_ttfb]}" "${R[nginx.st_ttfb]}" \
        "$(ratio "${R[cairn.st_ttfb]}" "${R[nginx.st_ttfb]}")"
    printf "$fmt" "$r" "  stream server CPU s" "${R[cairn.st_cpu]}" "${R[nginx.st_cpu]}" \
        "$(ratio "${R[cairn.st_cpu]}" "${R[nginx.st_cpu]}")"
    printf "$fmt" "$r" "${small_kib} KiB wrk -c$wrk_conns req/s" "${R[cairn.rps]}" "${R[nginx.rps]}" "$x_sm"
    printf "$fmt" "$r" "  wrk latency p50 ms" "${R[cairn.p50]}" "${R[nginx.p50]}" \
        "$(ratio "${R[cairn.p50]}" "${R[nginx.p50]}")"
    printf "$fmt" "$r" "  wrk latency p99 ms" "${R[cairn.p99]}" "${R[nginx.p99]}" \
        "$(ratio "${R[cairn.p99]}" "${R[nginx.p99]}")"
    printf "$fmt" "$r" "  wrk server CPU s" "${R[cairn.sm_cpu]}" "${R[nginx.sm_cpu]}" \
        "$(ratio "${R[cairn.sm_cpu]}" "${R[nginx.sm_cpu]}")"
    read -r c50 c99 <<<"${R[cairn.tfs]}"
    read -r n50 n99 <<<"${R[nginx.tfs]}"
    printf "$fmt" "$r" "${small_kib} KiB TTFB p50 ms" "$c50" "$n50" "$(ratio "$c50" "$n50")"
    printf "$fmt" "$r" "${small_kib} KiB TTFB p99 ms" "$c99" "$n99" "$(ratio "$c99" "$n99")"
    read -r c50 c99 <<<"${R[cairn.tfb]}"
    read -r n50 n99 <<<"${R[nginx.tfb]}"
    printf "$fmt" "$r" "large head 64 KiB TTFB p50 ms" "$c50" "$n50" "$(ratio "$c50" "$n50")"
    printf "$fmt" "$r" "large head 64 KiB TTFB p99 ms" "$c99" "$n99" "$(ratio "$c99" "$n99")"
    echo "      load now: $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo
echo "median ${size_mib} MiB stream cairn/nginx: $(median <<<"$all_st") (rounds: ${all_st% }); goal >= 0.50"
echo "median ${small_kib} KiB req/s cairn/nginx: $(median <<<"$all_sm") (rounds: ${all_sm% }); goal >= 0.50"
echo "daemon RSS MiB (VmRSS; sampled every 50 ms):"
printf '%s' "$rss_line"
echo "  daemon VmHWM at end: $(mib "$(hwm_kib "$daemon_pid")") MiB"
echo "load at end:   $(cut -d' ' -f1-3 /proc/loadavg)"
