#!/usr/bin/env python
"""Two web nodes behind the shipped nginx configuration: proof that a node keeps no state of its own.

    .venv/bin/python scripts/two_nodes.py          # as .ci/run does; about two minutes

Starts, on loopback ports only: moto's S3 server, the Procfile's `release` step on a new PostgreSQL
database, two `web` processes (gunicorn, production settings, each with its own empty data folder) sharing
that database, Redis and the bucket, and nginx from `site/nginx.conf.example` with both nodes in its
round-robin upstream and TLS on a throw-away certificate. An applicant then goes through /apply/, each
request that matters sent to a chosen node (nginx reports the upstream that answered; a /healthz request
takes a turn when round robin would pick the wrong one): signs in on one node and saves a step on the
other, uploads a PDF and a photo on one and downloads them through /forms/files/<id>/ on the other
(following its redirect to a signed S3 URL when it gives one; today it streams the object), submits on
one and sees the submitted page on the other. Checked afterwards: one submission with both files, byte
for byte, in the object store, and nothing in either node's own media folder. Everything started is
stopped, the database dropped and Redis database 8 emptied, also when a check fails or the run is
interrupted.

Needs nginx (Debian's package; .ci/run installs it), openssl, PostgreSQL and Redis. Prints
"two_nodes: N passed, M failed" last and exits non-zero on any failure.
"""

import argparse
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import servers  # scripts/ is on the path when a script here runs
from servers import free_port, port_open, process_env, wait_for

PROJECT_DIR = Path(__file__).resolve().parent.parent
NGINX_EXAMPLE = PROJECT_DIR / "site" / "nginx.conf.example"
PROCFILE = PROJECT_DIR / "site" / "Procfile"
UPSTREAM = "learning_city_web"
APPLICANT = "city@example.cn"


# --- the settings every process of the run gets: kept here, in one place -------------------------------


def storage_env(endpoint):
    """The object store, as config/settings/base.py reads it. Every variable ending in ``_BUCKET`` names a
    bucket this run creates, so a second bucket (one for private files, say) is one more line here."""
    return {
        "S3_BUCKET": "learning-city",
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "two-nodes",
        "S3_SECRET_ACCESS_KEY": "two-nodes",
        "S3_ADDRESSING_STYLE": "path",
    }


def site_env(run):
    """Production settings for the release step and both nodes; nothing else differs between nodes."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": run.secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": run.origin,
        "SITE_URL": run.origin,
        "DATABASE_URL": run.database_url,
        "REDIS_URL": run.redis_url,
        "STATIC_ROOT": str(run.static_root),
        "WEB_CONCURRENCY": "2",
        **storage_env(run.s3_endpoint),
    }


def node_env(run, name, port):
    """One node's own part: where it listens, and a data folder no other node sees."""
    data_dir = run.tmp / f"node-{name}"
    return {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # gunicorn's control socket defaults to one path per machine user; two nodes on one machine need two.
        "GUNICORN_CMD_ARGS": f"--control-socket {data_dir / 'gunicorn.ctl'}",
        "DATA_DIR": str(data_dir),
        "MEDIA_ROOT": str(data_dir / "media"),
    }


# --- nginx: the shipped example with both nodes upstream -------------------------------------------------


def _replace(text, old, new, count=None):
    found = text.count(old)
    if not found or (count is not None and found != count):
        raise ValueError(f"site/nginx.conf.example no longer has {old!r} ({found} times): update scripts/two_nodes.py")
    return text.replace(old, new)


def nginx_site(example, *, upstreams, https_port, http_port, static_root, media_root, certificate, key):
    """``example`` (site/nginx.conf.example) for this machine: every ``server`` line of the upstream block
    replaced by ``upstreams`` (host:port), loopback ports, the given certificate and folders."""
    block = re.search(r"upstream " + UPSTREAM + r" \{\n(.*?)\n\}", example, flags=re.DOTALL)
    if not block or not re.search(r"^\s*server\s+\S+;", block.group(1), flags=re.MULTILINE):
        raise ValueError(f"site/nginx.conf.example has no upstream {UPSTREAM} with a server line")
    body = re.sub(r"^\s*#?\s*server\s+\S+;.*\n?", "", block.group(1) + "\n", flags=re.MULTILINE)
    servers = "".join(f"    server {address};\n" for address in upstreams)
    text = example.replace(block.group(0), f"upstream {UPSTREAM} {{\n{servers}{body.rstrip()}\n}}")
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{http_port};", 1)
    text = _replace(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1)
    text = _replace(text, "server_name learningcity.example.cn;", "server_name 127.0.0.1;")
    text = _replace(text, "/etc/ssl/learningcity/fullchain.pem", str(certificate), 1)
    text = _replace(text, "/etc/ssl/learningcity/privkey.pem", str(key), 1)
    text = _replace(text, "/srv/learning-city/var/static/", f"{static_root}/", 1)
    return _replace(text, "/srv/learning-city/var/media/", f"{media_root}/", 1)


def nginx_main(site, folder):
    """A whole nginx.conf around ``site`` that tells which upstream answered each request, in a response
    header (how the journey knows its node) and in its log."""
    return servers.nginx_main(
        site,
        folder,
        http_lines=[
            "log_format nodes '$upstream_addr $status $request_method $request_uri';",
            f"access_log {folder / 'access.log'} nodes;",
            "add_header X-Upstream $upstream_addr always;",
        ],
    )


# --- the run ----------------------------------------------------------------------------------------------


class Failed(Exception):
    pass


def procfile(kind):
    for line in PROCFILE.read_text().splitlines():
        if line.startswith(f"{kind}:"):
            return line.split(":", 1)[1].strip()
    raise Failed(f"site/Procfile has no {kind} process")


class Run:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="lc-two-nodes-"))
        self.tmp.chmod(0o755)  # nginx's workers (not root) read the static files from here
        self.static_root = self.tmp / "static"
        self.https_port, self.http_port, self.s3_port = free_port(), free_port(), free_port()
        self.node_ports = {"A": free_port(), "B": free_port()}
        self.origin = f"https://127.0.0.1:{self.https_port}"
        self.s3_endpoint = f"http://127.0.0.1:{self.s3_port}"
        self.database = f"lc_nodes_{int(time.time())}_{os.getpid()}"
        self.database_url = f"{args.postgres.rstrip('/')}/{self.database}"
        self.redis_url = args.redis
        self.secret_key = secrets.token_urlsafe(50)
        self.password = secrets.token_urlsafe(16)
        self.processes = {}
        self.database_created = False
        self.passed = []
        self.started = time.monotonic()

    # helpers

    def log(self, message):
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", flush=True)

    def check(self, condition, message):
        if not condition:
            raise Failed(message)
        self.passed.append(message)
        self.log(f"ok: {message}")

    def start(self, name, command, env, shell=False):
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - the process keeps writing to it
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            shell=shell,
            start_new_session=True,  # its own process group: stopping it stops its workers too
        )
        self.processes[name] = process
        return process

    def manage(self, *arguments, env, timeout=120):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise Failed(f"manage.py {' '.join(arguments)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        return result.stdout

    # services

    def start_object_store(self):
        import boto3

        store = storage_env(self.s3_endpoint)
        process = self.start(
            "moto", [str(servers.VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)], None
        )
        wait_for("moto", lambda: port_open(self.s3_port), 30, process)
        client = boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name=store["S3_REGION"],
            aws_access_key_id=store["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=store["S3_SECRET_ACCESS_KEY"],
        )
        for key, bucket in store.items():
            if key.endswith("_BUCKET"):
                client.create_bucket(Bucket=bucket)
        self.log(f"moto's S3 server on {self.s3_endpoint}, buckets created")

    def create_database(self):
        import psycopg
        import redis

        with psycopg.connect(f"{self.args.postgres.rstrip('/')}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
            # A throw-away database: not waiting for each commit to reach the disk halves the migrations' time.
            connection.execute(f'ALTER DATABASE "{self.database}" SET synchronous_commit = off')
        self.database_created = True
        redis.Redis.from_url(self.redis_url).flushdb()
        self.log(f"database {self.database} created, {self.redis_url} emptied")

    def release(self):
        env = process_env(site_env(self))
        result = subprocess.run(
            procfile("release"), shell=True, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        if result.returncode:
            raise Failed(f"the release step failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        self.log("release step done (migrate, collectstatic, load_content, upgrade_application_forms)")
        create = (
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_user({APPLICANT!r}, {APPLICANT!r}, {self.password!r})"
        )
        self.manage("shell", "-c", create, env=env)

    def start_nodes(self):
        import requests

        command = procfile("web")
        for name, port in self.node_ports.items():
            env = process_env({**site_env(self), **node_env(self, name, port)})
            Path(env["MEDIA_ROOT"]).mkdir(parents=True)
            self.start(f"node-{name}", command, env, shell=True)
        for name, port in self.node_ports.items():
            url = f"http://127.0.0.1:{port}/healthz"
            wait_for(
                f"node {name}", lambda url=url: requests.get(url, timeout=2).ok, 90, self.processes[f"node-{name}"]
            )
        self.log(f"nodes up: {self.node_ports}")

    def start_nginx(self):
        if not shutil.which("nginx"):
            raise Failed("nginx is not installed (apt-get install nginx; .ci/run does it)")
        folder = self.tmp / "nginx"
        folder.mkdir()
        certificate, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
            + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
            check=True,
            capture_output=True,
        )
        self.certificate = certificate
        site = nginx_site(
            NGINX_EXAMPLE.read_text(),
            upstreams=[f"127.0.0.1:{port}" for port in self.node_ports.values()],
            https_port=self.https_port,
            http_port=self.http_port,
            static_root=self.static_root,
            media_root=self.tmp / "public-media",
            certificate=certificate,
            key=key,
        )
        conf = folder / "nginx.conf"
        conf.write_text(nginx_main(site, folder))
        process = self.start("nginx", servers.nginx_command(folder, conf), None)
        wait_for("nginx", lambda: port_open(self.https_port), 30, process)
        self.log(f"nginx on {self.origin} with upstream {UPSTREAM}: {list(self.node_ports.values())}")

    def stop(self):
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
                except ProcessLookupError:
                    pass
        if self.database_created:
            import psycopg
            import redis

            with psycopg.connect(f"{self.args.postgres.rstrip('/')}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            redis.Redis.from_url(self.redis_url).flushdb()

    def show_logs(self):
        for path in sorted(self.tmp.glob("*.log")) + sorted(self.tmp.glob("nginx/*.log")):
            lines = path.read_text(errors="replace").splitlines()[-40:]
            print(f"----- {path.name} (last {len(lines)} lines)", *lines, sep="\n")

    # the applicant

    def journey(self):
        Journey(self).run()
        self.after_the_journey()

    def after_the_journey(self):
        env = process_env(site_env(self))
        code = (
            "import json; from learning_city.forms.models import FormEntry; "
            f"entries = FormEntry.objects.filter(user__username={APPLICANT!r}); "
            "print('RESULT', json.dumps([{'status': e.status, 'reference': e.reference, 'files': "
            "[{'sha256': f.sha256, 'name': f.file.name, 'stored': f.file.storage.exists(f.file.name)} "
            "for f in e.files.all()]} for e in entries]))"
        )
        output = self.manage("shell", "-c", code, env=env)
        entries = json.loads(output.split("RESULT", 1)[1])
        self.check(
            [(e["status"], e["reference"]) for e in entries] == [("submitted", self.reference)],
            f"the database holds exactly one entry for the applicant, submitted as {self.reference}",
        )
        files = entries[0]["files"]
        self.check(
            sorted(f["sha256"] for f in files) == sorted(self.uploaded.values()) and all(f["stored"] for f in files),
            "both files are recorded with the uploaded bytes' SHA-256 and present in the object store",
        )
        local = [str(path) for name in self.node_ports for path in (self.tmp / f"node-{name}" / "media").rglob("*")]
        self.check(local == [], "neither node wrote a file to its own media folder")
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise Failed(f"{name} stopped during the journey (exit {process.returncode})")


class Journey:
    """An applicant's requests, each sent to the node chosen for it; which node answered is in the
    ``X-Upstream`` header the generated configuration adds (nginx's ``$upstream_addr``)."""

    def __init__(self, run):
        import requests

        self.run_ = run
        self.session = requests.Session()
        # Passed with every request: requests prefers REQUESTS_CA_BUNDLE to a session's own ``verify``.
        self.verify = str(run.certificate)
        self.session.headers["Origin"] = run.origin  # as a browser sends with a POST
        self.nodes = {f"127.0.0.1:{port}": name for name, port in run.node_ports.items()}
        self.last = None

    def served_by(self, response):
        upstream = response.headers.get("X-Upstream", "")
        if upstream not in self.nodes:
            raise Failed(f"{response.request.method} {response.url} was answered by {upstream!r}, not by a node")
        self.last = self.nodes[upstream]
        return self.last

    def send(self, method, path, node=None, **kwargs):
        """``method path`` through nginx; with ``node``, on that node: while round robin would give the
        next request to the other one, a /healthz request takes that turn."""
        for _ in range(3):
            if node is None or self.last is None or self.last != node:
                break
            self.served_by(self.session.get(self.run_.origin + "/healthz", timeout=30, verify=self.verify))
        headers = {"Referer": self.run_.origin + path} if method == "POST" else {}
        response = self.session.request(
            method,
            self.run_.origin + path,
            allow_redirects=False,
            timeout=60,
            headers=headers,
            verify=self.verify,
            **kwargs,
        )
        response.node = self.served_by(response)
        if node is not None and response.node != node:
            raise Failed(f"{method} {path} was meant for node {node} but node {response.node} answered it")
        if response.status_code >= 500:
            raise Failed(f"{method} {path} answered {response.status_code} on node {response.node}")
        return response

    @staticmethod
    def other(node):
        return "B" if node == "A" else "A"

    @staticmethod
    def token(response):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if not match:
            raise Failed(f"no CSRF token on {response.url}")
        return match.group(1)

    def step(self, number, data, node, files=None):
        """Part ``number`` of /apply/: the page from whichever node, the POST on ``node``."""
        page = self.send("GET", f"/apply/step/{number}/")
        self.run_.check(page.status_code == 200, f"step {number} opens (node {page.node})")
        prefix = re.search(r'name="(form_\d+)-current_step"', page.text).group(1)
        form = {"csrfmiddlewaretoken": self.token(page), f"{prefix}-current_step": str(number), "action": "next"}
        return self.send("POST", f"/apply/step/{number}/", node, data={**form, **data}, files=files)

    def fetch(self, path, node):
        """``path`` (a permission-checked file view) on ``node``, and the file it gives: the response itself
        when the node streams the file, or the signed URL of the object store it redirects to."""
        response = self.send("GET", path, node)
        if response.status_code != 302:
            return response, "streamed by the node"
        location = response.headers["Location"]
        if not (location.startswith(self.run_.s3_endpoint + "/") and "Signature" in location):
            raise Failed(f"{path} redirected to {location}, not to a signed URL of the object store")
        import requests

        return requests.get(location, timeout=30), "by its signed object-store URL"

    def download(self, file_id, node, expected_sha256, what):
        response, how = self.fetch(f"/forms/files/{file_id}/", node)
        self.run_.check(
            response.status_code == 200 and hashlib.sha256(response.content).hexdigest() == expected_sha256,
            f"the {what} uploaded through node {self.other(node)} downloads through node {node} ({how}), byte for byte",
        )

    def run(self):
        run = self.run_
        login = self.send("GET", "/accounts/login/?next=/apply/")
        first = self.other(login.node)
        signed_in = self.send(
            "POST",
            "/accounts/login/",
            first,
            data={
                "csrfmiddlewaretoken": self.token(login),
                "username": APPLICANT,
                "password": run.password,
                "next": "/apply/",
            },
        )
        run.check(
            signed_in.status_code == 302 and signed_in.headers["Location"].endswith("/apply/"),
            f"the applicant signs in on node {first}",
        )
        second = self.other(first)
        sample = servers.sample_answers()
        answers = sample.answers()
        saved = self.step(1, answers[1], second)
        run.check(
            saved.status_code == 302 and saved.headers["Location"].endswith("/apply/step/2/"),
            f"part 1 is saved on node {second}: the session made on node {first} holds there",
        )
        saved = self.step(2, answers[2], first)
        run.check(saved.status_code == 302, f"part 2 is saved on node {first}")
        saved = self.step(3, answers[3], second)
        run.check(saved.status_code == 302, f"part 3 is saved on node {second}")

        pdf, jpeg = pdf_bytes(), photo_bytes()
        self.run_.uploaded = {"pdf": hashlib.sha256(pdf).hexdigest(), "photo": hashlib.sha256(jpeg).hexdigest()}
        upload = self.step(
            4,
            {},
            first,
            files={
                "evidence_documents": ("实施意见.pdf", pdf, "application/pdf"),
                "evidence_photos": ("活动现场.jpg", jpeg, "image/jpeg"),
            },
        )
        if upload.status_code == 302:  # accepted whole: the files are listed when the part is opened again
            upload = self.send("GET", "/apply/step/4/")
        photo_id = re.search(r'name="evidence_photos-(\d+)-caption"', upload.text)
        file_ids = set(re.findall(r"/forms/files/(\d+)/", upload.text))
        run.check(photo_id is not None and len(file_ids) == 2, f"the PDF and the photo are uploaded on node {first}")
        photo_id = photo_id.group(1)
        (pdf_id,) = file_ids - {photo_id}

        self.download(pdf_id, second, run.uploaded["pdf"], "PDF")
        self.download(photo_id, second, run.uploaded["photo"], "photo")
        preview, how = self.fetch(f"/forms/files/{photo_id}/?preview=1", first)
        run.check(
            preview.status_code == 200 and preview.content[:3] == b"\xff\xd8\xff",
            f"the photo's JPEG preview is made and served on node {first} ({how})",
        )
        stranger = type(self.session)()
        refused = stranger.get(
            f"{run.origin}/forms/files/{pdf_id}/", allow_redirects=False, timeout=30, verify=self.verify
        )
        run.check(refused.status_code == 403, "someone not signed in is refused the PDF (403)")
        private = stranger.get(f"{run.origin}/media/private/x.pdf", timeout=30, verify=self.verify)
        run.check(
            private.status_code == 404 and "X-Upstream" not in private.headers,
            "nginx itself refuses /media/private/ (404, no node asked)",
        )
        plain = stranger.get(f"http://127.0.0.1:{run.http_port}/apply/", allow_redirects=False, timeout=30)
        run.check(
            plain.status_code == 301 and plain.headers["Location"].startswith("https://"),
            "plain HTTP is sent to HTTPS",
        )

        saved = self.step(4, sample.photo_notes([photo_id]), second)
        run.check(saved.status_code == 302, f"the photo's caption and copyright are saved on node {second}")
        saved = self.step(5, answers[5], first)
        run.check(
            saved.status_code == 302 and saved.headers["Location"].endswith("/apply/check/"),
            f"part 5 is saved on node {first} and leads to the check page",
        )

        check = self.send("GET", "/apply/check/")
        run.check(
            check.status_code == 200 and "确认提交" in check.text,
            f"the check page offers to submit (node {check.node})",
        )
        submitter = self.other(check.node)
        submitted = self.send("POST", "/apply/check/", submitter, data={"csrfmiddlewaretoken": self.token(check)})
        location = submitted.headers.get("Location", "")
        match = re.search(r"/apply/submitted/([^/]+)/$", location)
        run.check(submitted.status_code == 302 and match, f"the application is submitted on node {submitter}")
        run.reference = match.group(1)
        shown = self.send("GET", urlparse(location).path, self.other(submitter))
        run.check(
            shown.status_code == 200 and run.reference in shown.text,
            f"node {self.other(submitter)} shows the submitted page with reference {run.reference}",
        )
        again = self.send(
            "POST", "/apply/check/", self.other(self.last), data={"csrfmiddlewaretoken": self.token(check)}
        )
        run.check(
            again.status_code == 302 and again.headers.get("Location", "").endswith(urlparse(location).path),
            f"submitting again on node {again.node} makes nothing new and leads to the same submission",
        )


# --- what the applicant attaches (it types the sample answers: learning_city/applications/sample_answers.py)


def pdf_bytes():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, "Suzhou: learning city policy (two-node test)")
    document.save()
    return buffer.getvalue()


def photo_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), (30, 120, 200)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server (no database)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8", help="a Redis database this run may empty")
    parser.add_argument("--timeout", type=int, default=300, help="stop everything after this many seconds")
    args = parser.parse_args()
    for url in (args.postgres, args.redis):
        if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
            parser.error(f"{url}: this run only uses services on loopback addresses")

    servers.stop_after(args.timeout, Failed)

    run = Run(args)
    failed = 0
    try:
        run.start_object_store()
        run.create_database()
        run.release()
        run.start_nodes()
        run.start_nginx()
        run.journey()
    except Exception as error:  # noqa: BLE001 - whatever went wrong, report it and tear down
        failed = 1
        print(f"FAILED: {type(error).__name__}: {error}", flush=True)
        run.show_logs()
    finally:
        servers.uninterrupted()
        run.stop()
        shutil.rmtree(run.tmp, ignore_errors=True)
        run.log("everything stopped, database dropped")
    print(f"two_nodes: {len(run.passed)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
