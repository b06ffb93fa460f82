"""`banshi serve`: the preview is built by `banshi build`'s own build into site/; a saved record, a new record or a new
directory item updates it incrementally, a template change rebuilds it whole, and after each the folder is the site a
full build makes. It answers only requests naming this machine (DNS rebinding), GET and HEAD only."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.search.meili_process import free_port
from tests.conftest import working_dir
from tests.support import FOOD_COUNTY, REPO, differences, edit, make_project

PAGE = "items/410202/11410202MB0A22221F4000104001000/"


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page_text(url)
        if needle in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared at {url}")


class Log:
    """The server's stderr, read line by line as it comes, so a test can wait for a message."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.reader.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()

    def wait_for(self, needle: str, after: int = 0, timeout: float = 60) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: any(needle in line for line in self.lines[after:]), timeout):
                raise AssertionError(f"{needle!r} never logged; log:\n{''.join(self.lines)}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Log]]:
    project = make_project(tmp_path / "p")
    shutil.copytree(REPO / "site_templates" / "pages", project / "pages")  # the project's own templates, which a test edits
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"templates_dir: .*", "templates_dir: pages", config.read_text(encoding="utf-8")), encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = Log(proc)
    try:
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.reader.join(timeout=30)
        err = "".join(log.lines)
        assert "Traceback" not in err, err


def same_as_full_build(project: Path, elsewhere: Path) -> None:
    from generator.site.build import build_site

    with working_dir(project):
        build_site(project / "mkdocs.yml", elsewhere, full=True)
    assert differences(project / "site", elsewhere) == []


def test_saving_a_record_updates_its_page(served: tuple[Path, str, Log], tmp_path: Path) -> None:
    project, base, log = served
    wait_for(base + PAGE, "0371-22331002")
    log.wait_for("完整生成")  # no site yet: the first build is a full one
    seen = len(log.lines)
    edit(project, FOOD_COUNTY, "    phone: 0371-22331002", "    phone: 0371-22339999")
    text = wait_for(base + PAGE, "0371-22339999")
    assert "在线办理" in text
    log.wait_for("增量更新", after=seen)
    assert page_text(base + "search/static/manifest.json")
    same_as_full_build(project, tmp_path / "full")
    seen = len(log.lines)
    template = project / "pages" / "item.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{# 模板已修改 #}\n", encoding="utf-8")
    log.wait_for("完整生成", after=seen)  # a template is an input of every page
    same_as_full_build(project, tmp_path / "full-2")


def test_invalid_edit_keeps_the_page_and_a_new_record_appears(served: tuple[Path, str, Log], tmp_path: Path) -> None:
    project, base, log = served
    wait_for(base + PAGE, "0371-22331002")
    seen = len(log.lines)
    edit(project, FOOD_COUNTY, "onsite_visits: 1", "onsite_visits: 一次")
    log.wait_for("页面未更新", after=seen)  # the preview judged the saved file and refused it
    assert "0371-22331002" in page_text(base + PAGE)  # the last good page keeps being served
    edit(project, FOOD_COUNTY, "onsite_visits: 一次", "onsite_visits: 1")
    copy = project / "items/410202/lt-scjgj/11410202MB0A22221F4000104002000.yaml"
    directory = project / "items/_catalog/directory/000104002000.yaml"
    directory.write_text(
        (project / "items/_catalog/directory/000104001000.yaml")
        .read_text(encoding="utf-8")
        .replace("000104001000", "000104002000")
        .replace("name: 食品经营许可\n", "name: 食品经营许可变更\n"),
        encoding="utf-8",
    )
    copy.write_text((project / FOOD_COUNTY).read_text(encoding="utf-8").replace("000104001000", "000104002000"), encoding="utf-8")
    text = wait_for(base + "items/410202/11410202MB0A22221F4000104002000/", "食品经营许可变更")
    assert "11410202MB0A22221F4000104002000" in text
    log.wait_for("增量更新", after=seen)  # a new record and a new directory item: still incremental
    same_as_full_build(project, tmp_path / "full")


def answer(base: str, method: str = "GET", host: str | None = None) -> tuple[int, str]:
    """Status and text of one request to the preview with the given Host header (default: the URL's)."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.putrequest(method, "/", skip_host=host is not None)
        if host is not None:
            conn.putheader("Host", host)
        conn.putheader("Content-Length", "0")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_only_this_machine_may_read_the_preview_and_nothing_is_posted(served: tuple[Path, str, Log]) -> None:
    _project, base, _log = served
    wait_for(base, "办事指南")
    port = urllib.parse.urlsplit(base).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"127.0.0.2:{port}"):
        status, text = answer(base, host=host)
        assert status == 200 and "办事指南" in text, host
    for host in (f"attacker.example:{port}", f"127.0.0.1.nip.io:{port}", f"localhost:{port + 1}", "localhost", f"x@localhost:{port}", ""):
        status, text = answer(base, host=host)
        assert status == 403, host
        assert f"请打开 http://127.0.0.1:{port}/" in text
    status, text = answer(base, "POST")
    assert status == 405 and "不接受提交" in text
    listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout.split()
    assert listening[2] == "1024", listening  # the listen backlog (Send-Q of a listening socket); MkDocs' own is 5


@pytest.mark.parametrize(
    ("host", "bound", "local"),
    [
        ("[::1]:8000", ("::1", 8000, 0, 0), True),
        ("localhost:8000", ("::1", 8000, 0, 0), True),
        ("192.168.1.5:8000", ("0.0.0.0", 8000), True),  # listening on every address: an IP address cannot be rebound
        ("192.168.1.5:8000", ("127.0.0.1", 8000), False),
        ("192.168.1.5:8000", ("192.168.1.5", 8000), True),
        ("evil.example:8000", ("0.0.0.0", 8000), False),
        ("localhost.evil.example:8000", ("127.0.0.1", 8000), False),
        ("127.0.0.1:80", ("127.0.0.1", 80), True),
        ("127.0.0.1", ("127.0.0.1", 80), True),
        ("127.0.0.1:abc", ("127.0.0.1", 8000), False),
        ("[::1", ("::1", 8000, 0, 0), False),
    ],
)
def test_host_names_this_machine(host: str, bound: tuple[object, ...], local: bool) -> None:
    from generator.site.serve_guard import host_is_local

    assert host_is_local(host, bound) is local


@pytest.mark.parametrize("address", ["nonsense", "127.0.0.1:99999", "example.org:8000", ":8000", "127.0.0.1:"])
def test_a_bad_listening_address_is_a_usage_error(tmp_path: Path, address: str) -> None:
    project = make_project(tmp_path / "p")
    done = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--dev-addr", address], cwd=project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 64, done.stderr
    assert "监听地址应写成 IP:端口" in done.stderr and "Traceback" not in done.stderr
    assert not (project / "site").exists()


def test_a_taken_port_is_refused_before_building(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"无法在 127.0.0.1:{port} 上启动预览" in done.stderr and "Traceback" not in done.stderr
    assert not (project / "site").exists()
