-- wrk reporting script: machine-readable latency percentiles (microseconds) and error counts.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH duration_us %d\n", summary.duration))
  io.write(string.format("BENCH p50_us %d\n", latency:percentile(50)))
  io.write(string.format("BENCH p90_us %d\n", latency:percentile(90)))
  io.write(string.format("BENCH p95_us %d\n", latency:percentile(95)))
  io.write(string.format("BENCH p99_us %d\n", latency:percentile(99)))
  io.write(string.format("BENCH status_errors %d\n", e.status))
  io.write(string.format("BENCH socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
end
