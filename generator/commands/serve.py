"""`banshi serve`."""

from __future__ import annotations

import ipaddress
import os
import sys

import click

from generator.commands.build import refusal, summary
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
    from generator.search.site_config import from_env
    from generator.site.build import build_site
    from generator.site.config import ConfigRefused
    from generator.site.live import serve_site

    config_file = project_root() / "mkdocs.yml"
    settings = from_env(os.environ)
    first = True

    def rebuild() -> None:
        nonlocal first
        try:
            report = build_site(config_file, search=settings, progress=lambda s: click.echo(s, err=True))
        except Exception as exc:
            refused = refusal(exc, "网站", "预览中的页面")
            if refused is None:
                raise
            for line in refused[0]:
                click.echo(line, err=True)
            if first and refused[1] == USAGE_EXIT:  # a site folder Banshi may not write: nothing to serve
                sys.exit(USAGE_EXIT)
            click.echo("页面未更新；请按提示修改后保存，预览会再次生成。", err=True)
        else:
            click.echo(summary(report), err=True)
        first = False

    try:
        serve_site(config_file, dev_addr, rebuild, lambda url: click.echo(f"本地预览：{url}（按 Ctrl+C 停止）", err=True))
    except ConfigRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"错误：无法在 {dev_addr} 上启动预览：{exc.strerror or exc}（换一个端口：banshi serve --dev-addr 127.0.0.1:8001）", err=True)
        sys.exit(1)
