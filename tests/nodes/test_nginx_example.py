"""The shipped nginx example takes any number of web nodes; scripts/two_nodes.py runs it with two."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.script_modules import script

ROOT = Path(__file__).resolve().parents[2]
two_nodes = script("two_nodes")


def rendered(tmp_path):
    return two_nodes.nginx_site(
        (ROOT / "site" / "nginx.conf.example").read_text(),
        upstreams=["127.0.0.1:8101", "127.0.0.1:8102"],
        https_port=8443,
        http_port=8080,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        certificate=tmp_path / "cert.pem",
        key=tmp_path / "key.pem",
    )


def test_both_nodes_share_one_round_robin_upstream(tmp_path):
    site = rendered(tmp_path)
    (upstream,) = re.findall(r"upstream learning_city_web \{(.*?)\n\}", site, flags=re.DOTALL)
    servers = re.findall(r"^\s*server\s+(\S+);", upstream, flags=re.MULTILINE)
    assert servers == ["127.0.0.1:8101", "127.0.0.1:8102"]  # the example's own lines replaced, none left over
    assert "zone learning_city_web" in upstream  # one turn for all of nginx's worker processes
    assert "keepalive" not in re.sub(r"#.*", "", upstream)  # a kept connection would stay with one worker
    assert "proxy_pass http://learning_city_web;" in site
    assert re.search(r"location /media/private/ \{\s*return 404;", site)  # private files stay unreachable
    assert "listen 127.0.0.1:8443 ssl" in site and "listen 127.0.0.1:8080;" in site


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx is not installed here")
def test_nginx_accepts_the_generated_configuration(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(two_nodes.nginx_main(rendered(tmp_path), tmp_path))
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
