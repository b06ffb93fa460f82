"""`banshi serve`: the guide built by the same build as `banshi build`, served with MkDocs' live-reload server.

The site folder is the one `banshi build` writes (mkdocs.yml's site_dir, normally site/), so serving starts from the
last build: when its manifest matches, the first build is already incremental. Every save under a watched path
(the plugin's `sources`: items/, the templates, the docs and overrides folders, mkdocs.yml) runs `rebuild`, which
for `banshi serve` is `banshi build` in a process of its own: an incremental build when only records or catalog
entries changed, a full one when code, templates or configuration did (generator/site/incremental.py), each provably
the site a full build makes. A build that is refused (errors in the records, a bad mkdocs.yml) changes nothing: the last good site keeps being served.
The server answers only this machine, GET and HEAD only (generator/site/serve_guard.py).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from generator.site.config import ConfigRefused, read_config
from generator.site.plugin import BanshiPlugin
from generator.site.serve_guard import guard

NOT_FOUND_PAGE = "404.html"


def serve_site(config_file: Path, dev_addr: str, rebuild: Callable[[], None], started: Callable[[str], None]) -> None:
    """Build once, then serve mkdocs.yml's site folder on dev_addr until interrupted, calling `rebuild` after every
    save; `started` is told the address. ConfigRefused for a bad mkdocs.yml, OSError for an address that cannot be
    listened on, both before anything is built."""
    config = read_config(config_file, dev_addr=dev_addr)
    plugin = config.plugins["banshi"]
    assert isinstance(plugin, BanshiPlugin)
    try:
        plugin.on_config(config)
    except MkDocsException as exc:
        raise ConfigRefused(str(exc)) from None
    site_dir = Path(config.site_dir)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path or "/"
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def not_found(code: int) -> bytes | None:
        page = site_dir / NOT_FOUND_PAGE
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = not_found
    socket.create_server((host, port)).close()  # OSError now, before building, when the address is taken
    guard(server)
    for path in plugin.sources(config):
        server.watch(str(path))
    rebuild()
    started(server.url)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
