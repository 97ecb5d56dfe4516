"""What the scripts that start the site's servers on this machine share (load_apply, two_nodes, benchmark):
loopback addresses only, free ports, process groups stopped on the way out, a clean environment, nginx.

Standard library only at import: a script imports this before it knows it has the site's settings.
"""

import contextlib
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ENV_EXAMPLE = PROJECT_DIR / "site" / "env.example"


def sample_answers():
    """The shipped form's sample application (learning_city/applications/sample_answers.py), which is what
    an applicant of a run types; that module imports nothing, so no settings are needed for it."""
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from learning_city.applications import sample_answers

    return sample_answers


class NotReady(Exception):
    """A server did not answer in time, or stopped before it did."""


def percentile(values, share):
    """The value below which ``share`` (0–1) of ``values`` lie, by nearest rank; 0.0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))] if ordered else 0.0


def ensure_loopback(url):
    host = urlparse(url).hostname or ""
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise SystemExit(f"{url}: these runs only target loopback addresses")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def wait_for(what, test, seconds, process=None):
    """Until ``test()`` is true (an OSError counts as not yet), for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise NotReady(f"{what} exited with {process.returncode} before it was ready")
        try:
            if test():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise NotReady(f"{what} was not ready after {seconds} s")


def wait_until_ready(base_url, seconds=60):
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(base_url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{base_url} did not answer /healthz within {seconds} s")


def manage(env, *args, timeout=300):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True, timeout=timeout)


def stop_after(seconds, error=SystemExit):
    """SIGTERM, SIGINT and an alarm after ``seconds`` raise ``error``, so that a run's ``finally`` still
    stops what it started."""

    def stop_now(signum, frame):
        raise error(f"stopped by signal {signum}" if signum != signal.SIGALRM else f"over {seconds} s")

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM):
        signal.signal(signum, stop_now)
    signal.alarm(seconds)


def uninterrupted():
    """No alarm, and SIGTERM and SIGINT ignored: the teardown runs to its end."""
    signal.alarm(0)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_IGN)


def process_env(settings):
    """This process's environment without any of the site's own variables (site/env.example names them,
    and .ci/run exports some for its other stages), plus ``settings``; the venv's programs first on PATH."""
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))
    env = {key: value for key, value in os.environ.items() if key not in names and not key.startswith("S3_")}
    env.update(settings)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


class Process:
    """A server process of a run, in a process group of its own (recorded in ``pid_file`` for a caller's trap)."""

    def __init__(self, name, command, env, log_path, pid_file=None):
        self.name, self.command, self.env, self.log_path, self.pid_file = name, command, env, log_path, pid_file
        self.popen = None

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child writes to it until stopped
        self.popen = subprocess.Popen(
            self.command, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        if self.pid_file:
            with open(self.pid_file, "a") as handle:
                handle.write(f"{self.popen.pid}\n")
        return self

    def children(self):
        try:
            return [
                int(pid) for pid in Path(f"/proc/{self.popen.pid}/task/{self.popen.pid}/children").read_text().split()
            ]
        except OSError:
            return []

    def stop(self, timeout=40):
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)  # graceful: finish what is in flight
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def kill_group(self):
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)


def nginx_main(site, folder, http_lines=()):
    """A whole nginx.conf around ``site`` (its server blocks) that keeps its pid, error log and temporary files
    in ``folder``; ``http_lines`` (the access log, headers) go in the http block before the site."""
    temp = [f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    lines = ["include /etc/nginx/mime.types;", "default_type application/octet-stream;", *http_lines, *temp]
    return (
        "daemon off;\n"
        "worker_processes 2;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n" + "".join(f"    {line}\n" if line else "\n" for line in [*lines, *site.splitlines()]) + "}\n"
    )


def nginx_command(folder, conf):
    """nginx on ``conf``, every path its own; checked first (``nginx -t``)."""
    command = ["nginx", "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if test.returncode:
        raise NotReady(f"nginx -t refused the generated configuration:\n{test.stderr}")
    return command
