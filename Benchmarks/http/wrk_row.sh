# Sourced by reads.sh and writes.sh: one markdown table row from wrk's output (run with
# --latency): requests/s, p50, p99 and non-2xx responses.
wrk_row() { # name wrk-output
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$2")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$2")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$2")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$2")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}"
}
