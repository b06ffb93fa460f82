"""`banshi serve`."""

from __future__ import annotations

import click

from generator.commands.common import project_root


@click.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="监听地址")
def serve_cmd(dev_addr: str) -> None:
    """本地预览：修改并保存 YAML 后页面自动刷新。"""
    from generator.site.config import serve_site

    serve_site(project_root() / "mkdocs.yml", dev_addr)
