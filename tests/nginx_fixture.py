"""Run the nginx configuration of docs/production.md, as written there, with real nginx on a free 127.0.0.1 port.

The document's three nginx blocks (server, meili_proxy.conf, banshi_headers.conf) are used with only these changes,
each checked to apply exactly once: no TLS (listen on 127.0.0.1:PORT, no certificate lines), the site's folder as
root, the test's Meilisearch as upstream and its index name. Around them, what Debian's /etc/nginx/nginx.conf
has: its mime.types and `default_type application/octet-stream`. nginx runs as our own child process (its PID), in the foreground, and is
stopped with SIGTERM. nginx missing: the tests skip locally and fail when CI=true, like the browser tests.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.search.meili_process import free_port
from tests.support import REPO

NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"docs/production.md changed: {old!r} is no longer there exactly once"
    return text.replace(old, new)


def write_config(folder: Path, site: Path, port: int, meili_url: str, index: str = "items", federated: bool = False) -> Path:
    """nginx.conf (and the two included files) in `folder` from docs/production.md; federated: with the sharded
    deployment's multi-search line in place of the single search's, as that section says."""
    blocks = re.findall(r"```nginx\n(.*?)```", (REPO / "docs" / "production.md").read_text(encoding="utf-8"), re.S)
    main = next(b for b in blocks if "server {" in b)
    included = {m.group(1): b for b in blocks if (m := re.match(r"# /etc/nginx/(\S+\.conf)", b))}
    assert set(included) == {"meili_proxy.conf", "banshi_headers.conf"}, sorted(included)
    main = _replace_once(main, "listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    main = re.sub(r"^\s*ssl_certificate(_key)? .*$", "", main, flags=re.M)
    main = _replace_once(main, "root /srv/banshi/site;", f"root {site};")
    upstream = urlsplit(meili_url)
    main = _replace_once(main, "server 127.0.0.1:7700;", f"server {upstream.hostname}:{upstream.port};")
    assert main.count("/indexes/items/search") == 2, "docs/production.md changed: the search location"
    if federated:
        multi = next(b for b in blocks if "location = /meili/multi-search" in b).strip()
        single = next(line for line in main.splitlines() if "location = /meili/indexes/items/search" in line).strip()
        main = _replace_once(main, single, multi)
    main = main.replace("/indexes/items/search", f"/indexes/{index}/search")
    for name, text in included.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "tmp").mkdir(exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # as root, workers would run as nobody: the test's folders are private
        + f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\ninclude {MIME_TYPES};\ndefault_type application/octet-stream;\naccess_log off;\n"
        + "".join(f"{kind}_temp_path {folder}/tmp/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"{main}\n}}\n",
        encoding="utf-8",
    )
    return conf


@contextmanager
def run_nginx(folder: Path, site: Path, meili_url: str, index: str = "items", federated: bool = False) -> Iterator[str]:
    """nginx serving `site` as docs/production.md configures it; yields the base URL ending in '/'."""
    if not NGINX.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{NGINX} is not installed (CI=true: nothing may skip)", pytrace=False)
        pytest.skip(f"{NGINX} is not installed (apt-get install nginx-light)")
    port = free_port()
    conf = write_config(folder, site, port, meili_url, index, federated)
    checked = subprocess.run([str(NGINX), "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([str(NGINX), "-p", str(folder), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:  # nginx answers once it listens; each try is a connection attempt, bounded by the deadline
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "nginx exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen within 10 s"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
