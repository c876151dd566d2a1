#!/bin/sh
# Measures the installed agent's footprint for docs/benchmarks.md ("Edge agent: footprint"):
# installed size, cold start of --help, start until the first reading reaches a broker, and the
# resident memory (VmRSS) after 30 s of a CSV replay at 1,000 readings/s.
#   ./mvnw -pl edge-agent package -DskipTests
#   edge-agent/src/packaging/measure-footprint.sh edge-agent/target/tern-agent_*_all.deb
# Needs dpkg-deb, mosquitto (the broker; any MQTT v5 broker would do), mosquitto_sub, python3.
# TERN_AGENT_JAVA_OPTS is passed through, to compare JVM settings.
set -eu
DEB="$1"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tern-footprint.XXXXXX")"
BROKER_PID=""
AGENT_PID=""
cleanup() {
  [ -z "$AGENT_PID" ] || kill "$AGENT_PID" 2>/dev/null || true
  [ -z "$BROKER_PID" ] || kill "$BROKER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ms() { echo $(( ($2 - $1) / 1000000 )); }

dpkg-deb -x "$DEB" "$WORK/root"
AGENT="$WORK/root/usr/bin/tern-agent"
echo "deb: $(stat -c %s "$DEB") bytes; Installed-Size: $(dpkg-deb -f "$DEB" Installed-Size) KiB;" \
  "unpacked: $(du -sk "$WORK/root" | cut -f1) KiB"
echo "java: $(java -version 2>&1 | head -n 1); cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"

printf 'cold start, --help (ms):'
for _ in 1 2 3 4 5 6 7 8 9 10; do
  t0=$(date +%s%N); "$AGENT" --help >/dev/null; t1=$(date +%s%N)
  printf ' %s' "$(ms "$t0" "$t1")"
done
echo

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$PORT" >"$WORK/mosquitto.conf"
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
BROKER_PID=$!
sleep 1

printf 'start until the first reading reaches the broker (ms):'
for i in 1 2 3 4 5; do
  # Subscribe, and make sure the subscription is live (a probe comes back) before starting the clock.
  : >"$WORK/sub-$i.txt"
  mosquitto_sub -V mqttv5 -h 127.0.0.1 -p "$PORT" -t 'tern/v1/telemetry/#' -t probe -v \
    >"$WORK/sub-$i.txt" &
  SUB=$!
  until grep -q '^probe' "$WORK/sub-$i.txt"; do
    mosquitto_pub -h 127.0.0.1 -p "$PORT" -t probe -m probe
    sleep 0.2
  done
  t0=$(date +%s%N)
  echo 'temp 21.5' | "$AGENT" --device-id "first-$i" --broker "tcp://127.0.0.1:$PORT" --source stdin \
    --data-dir "$WORK/first-$i" >/dev/null 2>&1 &
  FIRST=$!
  until grep -q '^tern/v1/telemetry' "$WORK/sub-$i.txt"; do
    [ $(( $(date +%s%N) - t0 )) -lt 120000000000 ] || { echo "no reading within 120 s" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(date +%s%N)
  kill "$SUB"
  printf ' %s' "$(ms "$t0" "$t1")"
  wait "$FIRST" "$SUB" || true
done
echo

python3 -c '
import random
print("timestamp,temp")
for i in range(120000):
    print(f"{1700000000000 + i * 10},{20 + random.random():.3f}")' >"$WORK/readings.csv"
"$AGENT" --device-id rss-1 --broker "tcp://127.0.0.1:$PORT" --source csv --csv "$WORK/readings.csv" \
  --rate 1000 --data-dir "$WORK/rss" >"$WORK/rss.out" 2>"$WORK/rss.err" &
AGENT_PID=$!
sleep 30
grep -E '^(VmRSS|VmHWM|RssAnon|RssFile|Threads)' "/proc/$AGENT_PID/status" | tr -s ' \t' ' ' | paste -sd' '
echo "after 30 s at --rate 1000: $(tail -n 1 "$WORK/rss.out")"
