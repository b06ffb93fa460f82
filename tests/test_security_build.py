"""Security review findings on the build: --site-dir never deletes what Banshi did not make, the swap has no gap,
stale temporary folders go, symlinks never reach site/, configured URLs follow the apply link's rules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.usage import USAGE_EXIT
from generator.site.swap import DELETING, MARKER, exchange
from tests.support import make_project, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def tracked(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", [".", "items", "items/_files", "docs", ".git", "..", "notes"])
def test_site_dir_that_holds_other_files_is_refused_with_exit_2(project: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "production.md").write_text("# keep me\n", encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("mine\n", encoding="utf-8")
    before = tracked(project)
    code, out = run_cli(project, "build", "--site-dir", target, monkeypatch=monkeypatch)
    assert code == USAGE_EXIT, out
    assert out.startswith(f"错误：输出目录 {target} ") and "已拒绝" in out
    assert tracked(project) == before


def test_site_dir_marker_allows_rebuild_and_old_site_is_replaced(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out_dir = tmp_path / "public"
    assert run_cli(project, "build", "--site-dir", str(out_dir), monkeypatch=monkeypatch)[0] == 0
    assert (out_dir / MARKER).is_file()
    (out_dir / "stale.html").write_text("old", encoding="utf-8")
    deleting = len(DELETING)
    code, out = run_cli(project, "build", "--site-dir", str(out_dir), monkeypatch=monkeypatch)
    assert code == 0, out
    assert not (out_dir / "stale.html").exists() and (out_dir / "index.html").is_file()
    assert len(DELETING) == deleting + 1  # the old site, swapped aside, is deleted by a process of its own
    DELETING[-1].wait(timeout=120)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".public")) == []


def test_stale_building_folders_of_dead_builds_are_removed_but_foreign_ones_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True).stdout.strip()
    stale = project / f".site.building-{dead}-abcd1234"
    stale.mkdir()
    (stale / MARKER).write_text("x", encoding="utf-8")
    live = project / f".site.building-{os.getppid()}-abcd1234"  # a running process: maybe a build in progress
    live.mkdir()
    (live / MARKER).write_text("x", encoding="utf-8")
    foreign = project / f".site.building-{dead}-0000ffff"  # no marker: not ours
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x", encoding="utf-8")
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 0, out
    assert f"已删除上次中断的构建留下的临时目录 {stale.name}" in out
    assert not stale.exists() and live.is_dir() and (foreign / "keep.txt").is_file()


def test_exchange_is_atomic_on_this_file_system(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a", encoding="utf-8")
    (b / "x").write_text("b", encoding="utf-8")
    assert exchange(a, b)
    assert (a / "x").read_text(encoding="utf-8") == "b" and (b / "x").read_text(encoding="utf-8") == "a"


def test_site_is_never_absent_during_rebuilds(project: Path) -> None:
    """Poll site/index.html from another process while two builds swap: it must be there every time."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    banshi = [sys.executable, "-m", "generator.cli", "build"]
    subprocess.run(banshi, cwd=project, env=env, check=True, capture_output=True)
    poller = subprocess.Popen(
        [sys.executable, "-c", "import os,sys,time\nm=0;n=0\nwhile not os.path.exists('stop'):\n n+=1;m+=not os.path.exists('site/index.html')\nprint(n,m)"],
        cwd=project,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(2):
            subprocess.run(banshi, cwd=project, env=env, check=True, capture_output=True)
    finally:
        (project / "stop").write_text("", encoding="utf-8")
        polls, misses = map(int, poller.communicate(timeout=60)[0].split())
    assert polls > 1000 and misses == 0, (polls, misses)


def test_symlinked_files_never_reach_the_site(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The review's reproduction: a symlink to /proc/self/environ in items/_files/ was published."""
    os.symlink("/proc/self/environ", project / "items/_files/env.txt")
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 1 and "items/_files/env.txt:1:1: 错误" in out and not (project / "site").exists()
    os.remove(project / "items/_files/env.txt")
    (project / "items/_files/page.html").write_text("<script>x</script>", encoding="utf-8")
    assert run_cli(project, "build", monkeypatch=monkeypatch)[0] == 1
    os.remove(project / "items/_files/page.html")
    assert run_cli(project, "build", monkeypatch=monkeypatch)[0] == 0
    published = sorted(p.relative_to(project / "site/files").as_posix() for p in (project / "site/files").rglob("*") if p.is_file())
    assert published == ["forms/食品经营许可申请书.txt"]


EDIT = "edit_url_base: https://github.com/kaifeng-gov/banshi/edit/main/"
URL_CASES = [
    (EDIT, 'edit_url_base: "javascript:window.__xss=777;//"', "编辑链接 edit_url_base 必须以 https:// 开头"),
    (EDIT, "edit_url_base: https://evil.example/edit/", "编辑链接 edit_url_base 的主机 evil.example 不在允许列表"),
    ("?code={implementation_code}", "?code={implementation_code", "在线办理地址模板的花括号不成对"),
    ("https://www.hnzwfw.gov.cn/", "https://[www.hnzwfw.gov.cn]/", "在线办理地址模板不是有效的网址"),
    ("https://www.hnzwfw.gov.cn/", "https://www.hnzwfw.gov.cn:{region_code}/", "在线办理地址模板不是有效的网址"),
]


@pytest.mark.parametrize(("old", "new", "message"), URL_CASES, ids=[c[1][:40] for c in URL_CASES])
def test_configured_urls_give_config_errors(project: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 1, out
    assert message in out and "Traceback" not in out and "mkdocs.yml 配置有误" in out


def test_unverifiable_search_key_is_not_published_and_the_build_says_so(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review's R3: with no MEILI_MASTER_KEY the key went out unchecked. Now it must be verified first."""
    key = 'Audit&Admin"Key<2026>-0123456789'
    for name in ("MEILI_URL", "MEILI_MASTER_KEY", "MEILI_INDEX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MEILI_PUBLIC_URL", "/meili/")
    monkeypatch.setenv("MEILI_SEARCH_KEY", key)
    code, out = run_cli(project, "build", monkeypatch=monkeypatch)
    assert code == 0, out
    assert "搜索：无法验证搜索密钥（MEILI_PUBLIC_URL 是 /meili/，且未设置 MEILI_URL）；未发布该密钥，网站使用离线索引" in out
    page = (project / "site/search/index.html").read_text(encoding="utf-8")
    assert "Audit" not in page and "&#34;meili&#34;:null" in page


def test_a_default_site_from_before_the_marker_is_replaced_but_a_lookalike_elsewhere_is_not(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for folder in (project / "site", tmp_path / "elsewhere"):
        (folder / "search" / "static").mkdir(parents=True)
        (folder / "index.html").write_text("old", encoding="utf-8")
    assert run_cli(project, "build", monkeypatch=monkeypatch)[0] == 0
    assert (project / "site" / MARKER).is_file()
    code, out = run_cli(project, "build", "--site-dir", str(tmp_path / "elsewhere"), monkeypatch=monkeypatch)
    assert code == USAGE_EXIT and "缺少 .banshi-site 标记" in out
    assert (tmp_path / "elsewhere" / "index.html").read_text(encoding="utf-8") == "old"
