"""Load on a loopback server for a fixed time: wrk when it is installed (Debian's package), else threads of
keep-alive connections from Python. Either way: requests per second and latency percentiles of what went through.

A request is ``(method, path, headers, body)``; several are sent in turn (one signed-in applicant after another).
``unique`` adds ``_bench=<n>`` to each path's query, different on every request, so that no page cache keyed by
the URL can answer it.
"""

import http.client
import itertools
import json
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from servers import ensure_loopback, percentile

BUST = "_bench"


@dataclass
class Result:
    requests: int  # answered below HTTP 400
    seconds: float
    errors: int  # HTTP 400 and above, refused or cut connections, timeouts
    p50: float  # milliseconds
    p95: float
    p99: float

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0


def bust(path, tag):
    return f"{path}{'&' if '?' in path else '?'}{BUST}={tag}"


def generator():
    """What makes the load, for the report."""
    if not shutil.which("wrk"):
        return "Python threads (install wrk: a Python client limits the fastest servers)"
    return subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0].strip()


def measure(base_url, requests, *, seconds, connections, threads, unique=False, workdir):
    ensure_loopback(base_url)
    if shutil.which("wrk"):
        return with_wrk(base_url, requests, seconds, connections, threads, unique, workdir)
    return with_threads(base_url, requests, seconds, connections, unique)


# --- wrk ----------------------------------------------------------------------------------------------------


def _lua(value):
    """A Lua literal of ``value`` (ASCII text, a dict of text, None): JSON's string escapes are Lua's too."""
    if value is None:
        return "nil"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(key)}] = {_lua(item)}" for key, item in value.items()) + "}"
    if not value.isascii():
        raise ValueError(f"not ASCII (percent-encode it): {value!r}")
    return json.dumps(value)


def wrk_script(requests, unique):
    """The Lua script that sends ``requests`` in turn and prints the figures as one JSON line."""
    table = ",\n  ".join("{" + ", ".join(_lua(part) for part in request) + "}" for request in requests)
    return f"""local requests = {{
  {table}
}}
local unique = {"true" if unique else "false"}
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function request()
  counter = counter + 1
  local r = requests[(counter - 1) % #requests + 1]
  local path = r[2]
  if unique then
    local glue = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. glue .. "{BUST}=" .. id .. "-" .. counter
  end
  return wrk.format(r[1], path, r[3], r[4])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {{"requests": %d, "microseconds": %d, "status": %d, "socket": %d, "p50": %d, "p95": %d, "p99": %d}}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def parse_wrk(output):
    """The figures of the script's ``BENCH`` line. wrk counts every answer in ``requests``, those of HTTP 400
    and above too (``status``); a connection refused, cut or timed out (``socket``) is no answer."""
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    return Result(
        requests=figures["requests"] - figures["status"],
        seconds=figures["microseconds"] / 1e6,
        errors=figures["status"] + figures["socket"],
        p50=figures["p50"] / 1000,
        p95=figures["p95"] / 1000,
        p99=figures["p99"] / 1000,
    )


def with_wrk(base_url, requests, seconds, connections, threads, unique, workdir):
    script = Path(workdir) / "load.lua"
    script.write_text(wrk_script(requests, unique))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    result = subprocess.run([*command, base_url], capture_output=True, text=True, timeout=seconds + 30)
    if result.returncode or "BENCH " not in result.stdout:
        raise RuntimeError(f"wrk failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    return parse_wrk(result.stdout)


# --- Python threads -----------------------------------------------------------------------------------------


def with_threads(base_url, requests, seconds, connections, unique):
    address = urlparse(base_url)
    lock, latencies, errors, counter = threading.Lock(), [], [0], itertools.count()
    deadline = time.monotonic() + seconds

    def client(number):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        while time.monotonic() < deadline:
            count = next(counter)
            method, path, headers, body = requests[count % len(requests)]
            path = bust(path, f"{number}-{count}") if unique else path
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers or {})
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[0] += 1
        connection.close()

    started = time.monotonic()
    pool = [threading.Thread(target=client, args=(number,)) for number in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 30)
    return Result(
        requests=len(latencies),
        seconds=time.monotonic() - started,
        errors=errors[0],
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
    )
