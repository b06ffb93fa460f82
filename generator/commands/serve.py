"""`banshi serve`."""

from __future__ import annotations

import click

from generator.commands.common import project_root


@click.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="监听地址")
def serve_cmd(dev_addr: str) -> None:
    """本地预览：修改并保存 YAML 后页面自动刷新。"""
    from mkdocs.commands.serve import serve

    from generator.site.city_project import packaged_defaults

    config_file = project_root() / "mkdocs.yml"
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, **packaged_defaults(config_file))
