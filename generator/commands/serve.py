"""`banshi serve`."""

from __future__ import annotations

import ipaddress
import subprocess
import sys

import click

from generator.commands.common import project_root
from generator.commands.usage import USAGE_EXIT


def checked_address(value: str) -> str:
    """--dev-addr as IP:PORT or localhost:PORT (MkDocs' own check answers in English)."""
    host, _, port = value.rpartition(":")
    try:
        if host != "localhost":
            ipaddress.ip_address(host.strip("[]"))
        number = int(port)
    except ValueError:
        number = -1
    if not 0 < number < 65536:
        raise click.BadParameter(f"监听地址应写成 IP:端口，例如 127.0.0.1:8000，而不是 {value!r}")
    return value


@click.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, callback=lambda _c, _p, v: checked_address(v), help="监听地址（IP:端口）")
def serve_cmd(dev_addr: str) -> None:
    """本地预览：与 banshi build 相同的增量构建生成网站；保存文件后只重写受影响的页面。"""
    from generator.site.config import ConfigRefused
    from generator.site.live import serve_site

    root = project_root()
    first = True

    def rebuild() -> None:
        """`banshi build` itself, in a process of its own: this one runs the server's threads, and a process with
        threads does not fork its build workers (generator/parallel.py), so a build here would use one core."""
        nonlocal first
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=root, stdout=sys.stderr, check=False)  # one stream, in order
        if done.returncode == USAGE_EXIT and first:  # a site folder Banshi may not write: nothing to serve
            sys.exit(USAGE_EXIT)
        if done.returncode != 0:
            click.echo("页面未更新；请按提示修改后保存，预览会再次生成。", err=True)
        first = False

    try:
        serve_site(root / "mkdocs.yml", dev_addr, rebuild, lambda url: click.echo(f"本地预览：{url}（按 Ctrl+C 停止）", err=True))
    except ConfigRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"错误：无法在 {dev_addr} 上启动预览：{exc.strerror or exc}（换一个端口：banshi serve --dev-addr 127.0.0.1:8001）", err=True)
        sys.exit(1)
