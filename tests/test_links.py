"""`banshi check --links` against a real HTTPS server on 127.0.0.1 (a certificate made for the test with openssl):
200, 404, a refused HEAD, redirects within the site, to another host and to the front page, and silence."""

from __future__ import annotations

import http.server
import json
import re
import ssl
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.validate.project import validate
from generator.workflow.links import LinkUse, check_links
from tests.support import FOOD_COUNTY, make_project, silent_server

USE = LinkUse("测试部门", "测试事项", "items/x.yaml", "网上预约")


class Recorder:
    """What the server saw: requests per (host, path) and the most requests one host had in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: Counter[tuple[str, str]] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()


def handler_for(recorder: Recorder, port: int) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def answer(self, head: bool) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            with recorder.lock:
                recorder.seen[(host, self.path)] += 1
                recorder.in_flight[host] += 1
                recorder.most_at_once[host] = max(recorder.most_at_once[host], recorder.in_flight[host])
            try:
                path = self.path
                if path.startswith("/gone"):
                    self.send_response(404)
                elif path == "/nohead" and head:
                    self.send_response(405)
                elif path == "/slash":
                    self.send_response(301)
                    self.send_header("Location", "/slash/")
                elif path == "/away":
                    self.send_response(302)
                    self.send_header("Location", f"https://localhost:{port}/ok")
                elif path == "/to-front":
                    self.send_response(302)
                    self.send_header("Location", "/")
                elif path == "/loop":
                    self.send_response(302)
                    self.send_header("Location", "/loop")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            finally:
                with recorder.lock:
                    recorder.in_flight[host] -= 1

        def do_HEAD(self) -> None:
            self.answer(head=True)

        def do_GET(self) -> None:
            self.answer(head=False)

    return Handler


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def https_site(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Recorder]]:
    cert, key = certificate
    recorder = Recorder()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.RequestHandlerClass = handler_for(recorder, port)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # requests trusts the test's certificate, as it would a public one
    try:
        yield f"https://127.0.0.1:{port}", recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_each_kind_of_answer_gets_its_verdict(https_site: tuple[str, Recorder], tmp_path: Path) -> None:
    base, _ = https_site
    with silent_server() as silent:
        quiet = silent.replace("http://", "https://") + "/page"
        paths = ["/ok", "/gone", "/nohead", "/slash", "/away", "/to-front", "/loop"]
        uses = {base + p: [USE] for p in paths} | {quiet: [USE]}
        report = check_links(uses, tmp_path / "links.json", interval=0, timeout=1)
    verdicts = {url.removeprefix(base): (r.verdict, r.detail) for url, r in report.results.items()}
    assert verdicts == {
        "/ok": ("ok", "状态 200"),
        "/gone": ("dead", "状态 404"),
        "/nohead": ("ok", "状态 200"),  # HEAD refused, GET answered
        "/slash": ("ok", "状态 200"),  # within the site: not reported
        "/away": ("moved", f"跳转到 https://localhost:{base.rsplit(':', 1)[1]}/ok"),
        "/to-front": ("moved", f"跳转到 {base}/"),
        "/loop": ("dead", "跳转超过 5 次"),
        quiet: ("dead", "没有回应（1 秒内）"),
    }
    assert report.visited == len(uses)


def test_one_host_sees_one_request_at_a_time_and_the_cache_spares_a_second_visit(https_site: tuple[str, Recorder], tmp_path: Path) -> None:
    base, recorder = https_site
    uses = {f"{base}/page{n}": [USE] for n in range(12)}
    cache = tmp_path / "links.json"
    first = check_links(uses, cache, concurrency=8, interval=0)
    assert first.visited == 12 and all(r.verdict == "ok" for r in first.results.values())
    assert recorder.most_at_once["127.0.0.1"] == 1, "never two requests at once to one host"
    again = check_links(uses, cache, concurrency=8, interval=0)
    assert again.visited == 0 and set(again.results) == set(uses)
    assert sum(recorder.seen.values()) == 12
    expired = check_links(uses, cache, max_age=0, interval=0)
    assert expired.visited == 12
    cache.write_text("{not json", encoding="utf-8")  # a damaged cache is read as empty, never a crash
    assert check_links(uses, cache, interval=0).visited == 12


def test_cli_reports_dead_links_per_department(https_site: tuple[str, Recorder], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base, recorder = https_site
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = re.sub(r"apply_url_template: .*", f"apply_url_template: {base}/apply?code={{implementation_code}}", config.read_text(encoding="utf-8"))
    text = re.sub(r"(apply_allowed_hosts:\n)((?:\s+- .*\n)+)", r"\1        - 127.0.0.1\n", text)
    text = re.sub(r"^\s*rating_url_template: .*\n", "", text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    for path in project.joinpath("items").rglob("*.yaml"):  # every web address in the catalog points at the test server
        path.write_text(re.sub(r"https://[^/\s\"']+", base, path.read_text(encoding="utf-8")), encoding="utf-8")
    record = project / FOOD_COUNTY
    record.write_text(
        record.read_text(encoding="utf-8").replace("  apply: true\n", f"  apply: true\n  appointment: true\n  appointment_url: {base}/gone/booking\n"),
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    out = CliRunner().invoke(main, ["check", "--links", "--format", "json", "--interval", "0"])
    assert out.exit_code == 1, out.output
    data = json.loads(out.stdout)
    assert data["dead"] == 1 and data["moved"] == 0
    [(department, entries)] = data["departments"].items()
    assert department == "开封市龙亭区市场监督管理局"
    assert [(e["file"], e["field"], e["url"], e["detail"]) for e in entries] == [(FOOD_COUNTY, "网上预约", f"{base}/gone/booking", "状态 404")]
    offering = {f"/apply?code={i.code}" for i in validate(project).items if i.record.online.apply}
    assert offering and {path for (_, path) in recorder.seen if path.startswith("/apply")} == offering, "every 在线办理 deep link, once"
    text_out = CliRunner().invoke(main, ["check", "--links"])
    assert text_out.exit_code == 1 and "打不开（状态 404）" in text_out.output and "来自缓存" in text_out.output
