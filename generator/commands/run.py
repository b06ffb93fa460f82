"""`banshi run`: the whole guide on this machine, with Meilisearch search (the main job; scripts/run.sh calls it).

1. validate items/;
2. start the pinned Meilisearch (search/node_modules) on 127.0.0.1, data in .meili/ (git-ignored), a fresh
   master key held only in this process's memory and environment, indexing memory capped;
3. index (the `banshi index` logic: fresh index, count check, atomic swap) and get the search-only key;
4. build the site with the search-only key, handed in as SearchSettings (the build verifies it first);
5. serve site/ on 127.0.0.1:PORT (generator/site/server.py: a fixed worker pool with request deadlines, the security
   headers of generator/site/headers.py); /meili/ is proxied to Meilisearch with identity encoding, the page's own
   search parameters only.
With --shards N (N > 1), N instances (data in .meili/shard0 ...) each hold whole counties of the catalog, joined by
Meilisearch's network feature (generator/search/federation.py: `banshi index --shard` does the same for servers
elsewhere); the page is built federated and the proxy forwards its POST /meili/multi-search to the first instance.
Where Meilisearch cannot run, the site is built and served with the static index only, and says so.
Ctrl+C (or SIGTERM) stops the web server and Meilisearch.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from generator.commands.common import project_root
from generator.commands.usage import USAGE_EXIT

MEILI_ENV = ("MEILI_URL", "MEILI_MASTER_KEY", "MEILI_PUBLIC_URL", "MEILI_SEARCH_KEY", "MEILI_INDEX")
INDEX = "items"


def _sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("run")
@click.option("--port", type=int, envvar="PORT", default=8000, show_default=True, help="网站端口（只监听 127.0.0.1）")
@click.option("--no-meili", is_flag=True, help="不启动 Meilisearch，只用离线索引")
@click.option("--shards", type=click.IntRange(1, 8), default=1, show_default=True, help="Meilisearch 分片数：大于 1 时按县区分成几个实例，网页用联邦搜索")
def run_cmd(port: int, no_meili: bool, shards: int) -> None:
    """在本机运行办事指南：启动 Meilisearch、建立索引、生成网站并在 http://127.0.0.1:PORT/ 提供服务。"""
    from generator.check.verdict import judge
    from generator.model.findings import render as render_findings
    from generator.search.documents import build_documents
    from generator.search.federation import Shard, index_shards
    from generator.search.indexer import IndexingFailed, reindex
    from generator.search.meili import MeiliError
    from generator.search.meili_process import MeiliServer, MeiliUnavailable
    from generator.search.settings import index_settings
    from generator.search.site_config import SearchSettings
    from generator.site.build import BuildRefused, ConfigRefused, SiteCheckFailed, SiteDirRefused, build_site
    from generator.site.search_body import PROXY_PREFIX
    from generator.site.server import make_server
    from generator.validate.loading import load_project

    signal.signal(signal.SIGTERM, _sigterm)
    root = project_root()
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    for name in MEILI_ENV:  # this command configures search itself (SearchSettings); keep the caller's keys from Meilisearch's env
        os.environ.pop(name, None)

    verdict = judge(load_project(root))
    result = verdict.validation
    if verdict.blocking:
        say(render_findings(verdict.findings, verdict.records, "text"))
        say("事项数据有错误，未启动。请修改后重试。")
        sys.exit(1)

    servers: list[MeiliServer] = []
    httpd = None
    search = SearchSettings()
    try:
        if no_meili:
            say("已按 --no-meili 跳过 Meilisearch：网站使用离线索引搜索。")
        else:
            try:
                folders = [root / ".meili"] if shards == 1 else [root / ".meili" / f"shard{k}" for k in range(shards)]
                for folder in folders:
                    servers.append(MeiliServer(folder).start())
                    where = folder.relative_to(root).as_posix()
                    say(f"Meilisearch 已启动：{servers[-1].url}（进程 {servers[-1].pid}，数据目录 {where}/，主密钥只保存在内存中）")
                documents = build_documents(result.catalog, result.items)
                named = [Shard(f"shard{k}", server.url, server.master_key) for k, server in enumerate(servers)]
                if shards == 1:
                    reports = [reindex(servers[0].url, servers[0].master_key, documents, index_settings(result.catalog), index=INDEX)]
                else:
                    reports = index_shards(documents, index_settings(result.catalog), named, index=INDEX)
                for shard, report in zip(named, reports, strict=True):
                    part = f"（分片 {shard.name}）" if shards > 1 else ""
                    say(f"已建立索引 {report.index}{part}：{report.documents} 条文档，用时 {report.seconds:.2f} 秒")
                entry, remotes = servers[0], tuple(s.name for s in named) if shards > 1 else ()
                search = SearchSettings(PROXY_PREFIX, reports[0].search_key, INDEX, api_url=entry.url, master_key=entry.master_key, remotes=remotes)
            except (MeiliUnavailable, IndexingFailed, MeiliError) as exc:
                say(f"{exc}")
                say("无法使用 Meilisearch：网站将使用离线索引搜索（功能较少，但可以找到事项）。")
                for server in servers:
                    server.stop()
                servers = []
        try:
            build = build_site(root / "mkdocs.yml", root / "site", search=search, progress=say, judged=verdict)
        except SiteDirRefused as exc:
            say(f"错误：{exc}")
            sys.exit(USAGE_EXIT)
        except BuildRefused as exc:
            say(render_findings(exc.verdict.findings, exc.verdict.records, "text"))
            sys.exit(1)
        except ConfigRefused as exc:
            say(f"错误：{exc}")
            say("mkdocs.yml 配置有误，未生成网站。")
            sys.exit(1)
        except SiteCheckFailed as exc:
            for problem in exc.problems:
                say(f"错误：{problem}")
            sys.exit(1)
        try:
            published = build.search if build.search.meili_enabled else None
            upstream = servers[0].url if servers and published else None
            key, remotes = (published.key, published.remotes) if published else (None, ())
            httpd = make_server(Path(root / "site"), upstream, port=port, search_key=key, index=INDEX, remotes=remotes)
        except OSError as exc:
            say(f"无法监听 127.0.0.1:{port}（{exc.strerror}）：端口可能被占用，可用 PORT=8001 bash scripts/run.sh 换一个端口。")
            sys.exit(1)
        mode = ("Meilisearch 联邦搜索（" + ",".join(published.remotes) + "）" if published.remotes else "Meilisearch 搜索") if published else "离线索引搜索"
        click.echo(f"办事指南已生成：http://127.0.0.1:{port}/ （{mode}；Ctrl+C 停止）")
        httpd.serve_forever()
    except KeyboardInterrupt:
        say("正在停止…")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the cleanup short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if httpd is not None:
            httpd.server_close()
        for server in servers:
            server.stop()
        if servers:
            say("Meilisearch 已停止。")
