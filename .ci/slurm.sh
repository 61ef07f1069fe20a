#!/usr/bin/env bash
# A real one-node SLURM, then the workflow through profiles/slurm, checked against a local run.
#
#   bash .ci/slurm.sh [WORKDIR]        (as root; tests/test_slurm.py calls it, marker `slurm`)
#
# 1. installs Debian's slurm-wlm and munge with apt when they are missing (never skips);
# 2. writes a one-node cluster config from .ci/slurm/slurm.conf.in into a private state folder
#    (own munge key and socket, own ports, partition `debug`, no accounting daemon) and starts
#    munged, slurmctld and slurmd in the foreground of this script, remembering their PIDs;
# 3. builds the targets below locally (--cores 2) and through `--profile profiles/slurm`
#    (every non-local job goes through sbatch: 4 scan chunks, 1 figure, and the two constraint
#    planes as ONE group job), and requires sha256-identical outputs;
# 4. whatever happens (trap), cancels the cluster's jobs and stops the three daemons by PID.
# Bounded: every step runs under `timeout` against one deadline (MEVDM_SLURM_SECONDS, 360 s).
# Environment: PYTHON (default .venv/bin/python, else python3), MEVDM_DATA_MIRROR
# (default ../shared/data beside the checkout).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
DEADLINE=$((SECONDS + ${MEVDM_SLURM_SECONDS:-360}))
PY=${PYTHON:-$REPO/.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
MIRROR=${MEVDM_DATA_MIRROR:-$REPO/../shared/data}
WORK=${1:-$(mktemp -d /tmp/mevdm-slurm.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
STATE=$WORK/state
# the fig5 scan in 4 chunks (n_chunks auto: 100 rows x 0.15 s / 4 s), so that 4 jobs are submitted
CHUNKS=("scan_chunk_target_s=4")
TARGETS=(
    results/jho2020/scans/fig5/chunk0of4.npz
    results/jho2020/scans/fig5/chunk1of4.npz
    results/jho2020/scans/fig5/chunk2of4.npz
    results/jho2020/scans/fig5/chunk3of4.npz
    results/hooper2008/fig_radiative.pdf
    results/hooper2008/fig_radiative.png
    results/hooper2008/fig_radiative.json
    results/hooper2008/fig_radiative.csv
    results/constraints/sigmav/CMB_swave_ee.csv   # two constraint planes: one grouped job
    results/constraints/pwave_b/CMB_pwave_ee.csv
)

say() { echo "[slurm-ci $(date +%H:%M:%S)] $*"; }
left() {  # seconds left before the deadline (at least 1)
    local s=$((DEADLINE - SECONDS))
    [ "$s" -gt 0 ] && echo "$s" || echo 1
}
bounded() { timeout -k 10 "$(left)" "$@"; }

# ---------------------------------------------------------------- 1. install
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "slurm-ci: slurm-wlm/munge missing and not root" >&2; exit 2; }
    say "installing slurm-wlm and munge with apt"
    export DEBIAN_FRONTEND=noninteractive
    bounded apt-get update -qq
    bounded apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
say "$(slurmctld -V), $(munged -V 2>&1 | head -1)"

# ---------------------------------------------------------------- 2. the cluster
PIDS=()
CONF=$STATE/slurm.conf
LINKED=
cleanup() {
    local rc=$?
    set +e
    if [ -f "$CONF" ] && [ "${#PIDS[@]}" -gt 1 ]; then
        SLURM_CONF=$CONF timeout 10 scancel --partition=debug --quiet
        for _ in 1 2 3 4 5; do
            [ -z "$(SLURM_CONF=$CONF timeout 5 squeue -h -t running,completing -o %i 2>/dev/null)" ] && break
            sleep 1
        done
    fi
    # stop in reverse order of start: slurmd, slurmctld, munged
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        kill -TERM "${PIDS[$i]}" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    [ "${#PIDS[@]}" -gt 0 ] && say "daemons stopped (PIDs ${PIDS[*]})"
    [ -n "${LINKED:-}" ] && [ "$(readlink "$SYSCONF")" = "$CONF" ] && rm -f "$SYSCONF"
    if [ "$rc" -ne 0 ]; then
        for log in slurmctld.log slurmd.log munged.log; do
            [ -f "$STATE/$log" ] && { echo "--- tail $STATE/$log"; tail -n 20 "$STATE/$log"; }
        done
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$STATE/ctld" "$STATE/slurmd"
chmod 0700 "$STATE"
HOST=$(hostname -s)
CPUS=$(nproc)
MEM_MB=$(awk '/MemTotal/ {m = int($2 / 1024) - 1024; print (m > 16000 ? 16000 : m)}' /proc/meminfo)
# free TCP ports on the loopback (a second cluster on the machine must not collide)
read -r CTLD_PORT SLURMD_PORT < <("$PY" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
EOF
)
sed -e "s|@HOST@|$HOST|g" -e "s|@STATE@|$STATE|g" -e "s|@CPUS@|$CPUS|g" -e "s|@MEM_MB@|$MEM_MB|g" \
    -e "s|@CTLD_PORT@|$CTLD_PORT|g" -e "s|@SLURMD_PORT@|$SLURMD_PORT|g" \
    "$REPO/.ci/slurm/slurm.conf.in" > "$CONF"
export SLURM_CONF=$CONF
# The executor's job step (snakemake-executor-plugin-slurm-jobstep 0.6) drops SLURM_* variables,
# SLURM_CONF included, before its inner `srun`: the config must also sit where SLURM looks by
# default. Link it there for this run (removed again on exit); refuse to touch a real one.
SYSCONF=/etc/slurm/slurm.conf
exec 9>/run/lock/mevdm-slurm-ci.lock  # one such cluster at a time on this machine
flock -w "$(left)" 9
if [ -L "$SYSCONF" ] && { [ ! -e "$SYSCONF" ] || grep -q '^ClusterName=mevdmci' "$SYSCONF"; }; then
    rm -f "$SYSCONF"  # left behind by a killed run of this script
elif [ -e "$SYSCONF" ]; then
    echo "slurm-ci: $SYSCONF exists (a real cluster?); not overwriting it" >&2
    exit 2
fi
mkdir -p /etc/slurm
ln -s "$CONF" "$SYSCONF"
LINKED=1

head -c 1024 /dev/urandom > "$STATE/munge.key"
chmod 0400 "$STATE/munge.key"
munged --foreground --force --socket="$STATE/munge.socket" --key-file="$STATE/munge.key" \
    --pid-file="$STATE/munged.pid" --log-file="$STATE/munged.log" --seed-file="$STATE/munged.seed" \
    > "$STATE/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$STATE/munge.socket" ] && break; sleep 0.2; done
munge -n -S "$STATE/munge.socket" | unmunge -S "$STATE/munge.socket" >/dev/null
say "munged up (PID ${PIDS[0]})"

slurmctld -D -c -f "$CONF" > "$STATE/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$CONF" -N "$HOST" > "$STATE/slurmd.out" 2>&1 &
PIDS+=($!)
until [ "$(sinfo -h -p debug -o %T 2>/dev/null)" = idle ]; do
    [ "$SECONDS" -lt "$DEADLINE" ] || { echo "slurm-ci: node never became idle" >&2; sinfo >&2; exit 1; }
    for pid in "${PIDS[@]}"; do kill -0 "$pid" || { echo "slurm-ci: daemon $pid died" >&2; exit 1; }; done
    sleep 1
done
say "cluster up: slurmctld PID ${PIDS[1]}, slurmd PID ${PIDS[2]}, $CPUS CPUs, $MEM_MB MB"
sinfo

# ---------------------------------------------------------------- 3. local and SLURM runs
export MPLBACKEND=Agg
SNAKE=("$PY" -m snakemake -s "$REPO/Snakefile" --configfile "$REPO/config/config.yaml")
say "local run"
bounded "${SNAKE[@]}" --directory "$WORK/local" --cores 2 --config "data_mirror=$MIRROR" "${CHUNKS[@]}" \
    --quiet rules -- "${TARGETS[@]}" > "$WORK/local.log" 2>&1 \
    || { tail -n 40 "$WORK/local.log"; exit 1; }

say "SLURM run through profiles/slurm"
rc=0
bounded "${SNAKE[@]}" --profile "$REPO/profiles/slurm" --directory "$WORK/slurm" \
    --config "data_mirror=$MIRROR" "${CHUNKS[@]}" --slurm-init-seconds-before-status-checks 2 \
    -- "${TARGETS[@]}" > "$WORK/slurm.log" 2>&1 || rc=$?
grep -E "submitted with SLURM jobid|Finished jobid|steps \(100%\) done" "$WORK/slurm.log" || true
[ "$rc" -eq 0 ] || { echo "slurm-ci: SLURM run failed ($rc)"; tail -n 60 "$WORK/slurm.log"; exit 1; }
say "jobs seen by slurmctld:"
squeue -h -t all -o "%.8i %.9P %.40j %.10T %.10M %R" | tee "$WORK/squeue.txt"
n_submitted=$(grep -c "submitted with SLURM jobid" "$WORK/slurm.log" || true)
n_completed=$(grep -c COMPLETED "$WORK/squeue.txt" || true)
[ "$n_submitted" -ge 1 ] && [ "$n_completed" -eq "$n_submitted" ] \
    || { echo "slurm-ci: $n_submitted jobs submitted, $n_completed COMPLETED" >&2; exit 1; }

# ---------------------------------------------------------------- 4. identical bytes
(cd "$WORK/local" && sha256sum "${TARGETS[@]}") > "$WORK/local.sha256"
(cd "$WORK/slurm" && sha256sum -c "$WORK/local.sha256")
say "OK: $n_submitted sbatch jobs COMPLETED, ${#TARGETS[@]} outputs sha256-identical to the local run"
