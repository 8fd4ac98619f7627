# Shared by the whole-process benchmarks (sourced, not run). The sourcing script calls make_bench_tmp (or sets tmp,
# its temp directory), sets run_timeout (seconds) and bench_name (prefix of its messages); `child` is what the
# cleanup trap stops.
# shellcheck shell=bash

# make_bench_tmp NAME: sets tmp to a fresh temporary directory (under CAIRN_BENCH_TMP, else TMPDIR, else /tmp) and
# installs the trap that deletes it on any exit, after stopping a measured command still running (by its own pid).
make_bench_tmp() {
    tmp="$(mktemp -d "${CAIRN_BENCH_TMP:-${TMPDIR:-/tmp}}/$1.XXXXXX")"
    child=""
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        kill "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}

# GNU time reports the peak RSS of the process it waits for; without it, /proc/PID/status VmHWM is sampled.
time_bin=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
    time_bin=/usr/bin/time
fi

now_ns() { date +%s%N; }

# Sets children_cpu to the user + system seconds of every child this shell has waited for so far. `times` runs
# in this shell (a command substitution would report its own, empty, children).
read_children_cpu() {
    times >"$tmp/times"
    children_cpu="$(awk 'NR == 2 { split($1, u, "m"); split($2, s, "m")
        printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$tmp/times")"
}

# run_measured NAME OUT CMD...: runs CMD with stdout to OUT and stderr to $tmp/NAME.err, stopped after
# $run_timeout s; sets elapsed_ns, cpu_s (user + system seconds of CMD and its children) and rss_kib (peak RSS).
# Fails the script if CMD fails or times out.
run_measured() {
    local name="$1" out="$2"
    shift 2
    local err="$tmp/$name.err" rc=0 t0 t1 cpu0
    rss_kib="?"
    read_children_cpu
    cpu0="$children_cpu"
    t0="$(now_ns)"
    if [[ -n "$time_bin" ]]; then
        timeout "$run_timeout" "$time_bin" -f '%M' -o "$tmp/rss" "$@" >"$out" 2>"$err" &
        child=$!
        wait "$child" || rc=$?
        t1="$(now_ns)"
        child=""
        [[ $rc -ne 0 ]] || rss_kib="$(tail -n 1 "$tmp/rss")"
    else
        "$@" >"$out" 2>"$err" &
        child=$!
        local hwm="" deadline=$((SECONDS + run_timeout))
        while kill -0 "$child" 2>/dev/null; do
            hwm="$(awk '/^VmHWM:/ { print $2 }' "/proc/$child/status" 2>/dev/null || true)"
            [[ -n "$hwm" ]] && rss_kib="$hwm"
            if ((SECONDS > deadline)); then
                kill "$child" 2>/dev/null || true
            fi
            sleep 0.02
        done
        wait "$child" || rc=$?
        t1="$(now_ns)"
        child=""
    fi
    if [[ $rc -ne 0 ]]; then
        echo "$bench_name: $name failed (exit $rc; 124 is a timeout after ${run_timeout}s):" >&2
        tail -n 20 "$err" >&2
        exit 1
    fi
    elapsed_ns=$((t1 - t0))
    read_children_cpu
    cpu_s="$(awk -v a="$cpu0" -v b="$children_cpu" 'BEGIN { printf "%.2f", b - a }')"
}
