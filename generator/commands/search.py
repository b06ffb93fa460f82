"""`banshi search`: the query the site's search page runs, on either backend, from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

BACKENDS = ["meili", "static"]


def load_understanding(site: Path) -> dict[str, Any]:
    """The built site's search/static/understand.json (what the page uses), else computed from the catalog here."""
    from generator.search.static_index import OUT_DIR, UNDERSTAND_FILE

    built = site / OUT_DIR / UNDERSTAND_FILE
    if built.is_file():
        data: dict[str, Any] = json.loads(built.read_text(encoding="utf-8"))
        return data
    from generator.search.understand import catalog_understanding
    from generator.validate.project import validate

    result = validate(Path.cwd())
    return catalog_understanding(result.catalog, result.items)


@click.command("search")
@click.argument("query")
@click.option("--backend", type=click.Choice(BACKENDS), default="meili", show_default=True, help="meili：Meilisearch；static：已生成网站的离线索引")
@click.option("--region", default=None, help="优先显示的地区（行政区划代码，如 410225），与网页“选择所在地区”相同")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="已生成的网站目录（离线索引和查询理解数据）",
)
@click.option("--filter", "filter_expr", default=None, help='Meilisearch 过滤表达式，例如 "county = 兰考县 AND fully_online = true"')
@click.option("--url", envvar="MEILI_URL", default=None, help="Meilisearch 地址（环境变量 MEILI_URL）")
@click.option("--key", envvar=["MEILI_SEARCH_KEY", "MEILI_MASTER_KEY"], default=None, help="搜索密钥（环境变量 MEILI_SEARCH_KEY，其次 MEILI_MASTER_KEY）")
@click.option("--index", "index_name", default="items", show_default=True, help="索引名")
@click.option(
    "--remotes",
    envvar="MEILI_REMOTES",
    default=None,
    help="分片部署：用逗号分隔的远程实例名（环境变量 MEILI_REMOTES），向 --url 的实例发一次联邦搜索，由它询问各分片",
)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="最多显示条数")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
def search_cmd(
    query: str,
    backend: str,
    region: str | None,
    site_dir: Path,
    filter_expr: str | None,
    url: str | None,
    key: str | None,
    index_name: str,
    remotes: str | None,
    limit: int,
    fmt: str,
) -> None:
    """用网站相同的查询方式搜索事项（在线 Meilisearch 或离线索引）。"""
    from generator.search.query_cap import QueryTooLong, check_query_length
    from generator.search.site_config import remote_names
    from generator.search.understand import understander

    try:
        check_query_length(query)  # the cap both backends and the page share, checked before any work
    except QueryTooLong as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)

    if region is not None and not (region.isdigit() and len(region) in (6, 9)):
        click.echo(f"--region 应为 6 位或 9 位行政区划代码，如 410225（收到：{region}）", err=True)
        sys.exit(1)
    try:
        understand = understander(load_understanding(site_dir))
    except (OSError, ValueError) as exc:
        click.echo(f"无法读取查询理解数据：{exc}", err=True)
        sys.exit(1)
    if backend == "static":
        result = static_search(query, site_dir, region, limit)
    else:
        try:
            result = meili_search(query, url, key, filter_expr, index_name, limit, understand, region, remote_names(remotes))
        except MeiliNotAnswering as exc:
            # as the page does: a silent or unreachable server falls back to the built site's offline index
            click.echo(f"{exc}；改用离线索引。", err=True)
            result = static_search(query, site_dir, region, limit)
            backend = "static"
    hits = [
        {k: h.get(k) for k in ("implementation_code", "basic_code", "name", "region", "region_code", "county", "department", "url")} for h in result["hits"]
    ]
    total = int(result.get("estimatedTotalHits", len(hits)))
    understood = result.get("understood") or {}
    if fmt == "json":
        click.echo(json.dumps({"hits": hits, "total": total, "match": result["match"], "understood": understood, "backend": backend}, ensure_ascii=False))
        return
    from generator.model.values import HOTLINE

    if not hits:
        click.echo(f"没有找到与“{query}”相关的事项。可以换用规范名称（如“机动车驾驶证”）或更短的关键词，也可以拨打 {HOTLINE} 咨询。")
        return
    chain = understood.get("chain") or []
    names = {code: value[0] for code, value in understand.data.get("regions", {}).items()}  # code -> [name, parent]
    favoured = f"，优先显示{names.get(chain[0], chain[0])}" if chain else ""
    if result["match"] == "related":
        click.echo(f"没有完全符合“{query}”的事项，以下可能相关（也可以拨打 {HOTLINE} 咨询）：")
    else:
        click.echo(f"最相关的 {total} 个事项{favoured}（按“{' '.join(understood.get('words', []))}”搜索）：")
    for number, hit in enumerate(hits, 1):
        click.echo(f"{number:>3}. {hit['name']}　{hit['region']}　{hit['department']}　{hit['implementation_code'] or hit['url']}")


def static_search(query: str, site_dir: Path, region: str | None, limit: int) -> dict[str, Any]:
    from generator.search.static_index import OUT_DIR
    from generator.search.static_query import SiteFiles
    from generator.search.static_query import query as static_query

    folder = site_dir / OUT_DIR
    if not (folder / "manifest.json").is_file():
        click.echo(f"找不到离线索引 {folder}：请先运行 banshi build（或用 --site 指定网站目录）", err=True)
        sys.exit(1)
    result = static_query(SiteFiles(folder), query, limit=limit, region=region)
    return {"hits": result.hits, "estimatedTotalHits": result.total, "understood": result.understood, "match": result.match}


def meili_search(
    query: str,
    url: str | None,
    key: str | None,
    filter_expr: str | None,
    index_name: str,
    limit: int,
    understand: Any,
    region: str | None,
    remotes: list[str] | None = None,
) -> dict[str, Any]:
    from generator.search.federation import REMOTE_ERROR, FederatedMeili
    from generator.search.meili import Meili, MeiliError
    from generator.search.query import run_search
    from generator.search.site_config import TIMEOUT_MS

    if not url:
        raise click.UsageError("未配置 Meilisearch 地址：请设置环境变量 MEILI_URL 或使用 --url（或用 --backend static）")
    try:
        budget = TIMEOUT_MS / 1000
        with FederatedMeili(url, key, remotes, budget=budget) if remotes else Meili(url, key, budget=budget) as meili:
            return run_search(meili, query, filter_expr, limit=limit, index=index_name, understander=understand, region=region)
    except MeiliError as exc:
        if exc.code in ("timeout", "connection_error", REMOTE_ERROR):
            raise MeiliNotAnswering(str(exc)) from exc
        click.echo(f"搜索失败：{exc}", err=True)
        sys.exit(1)


class MeiliNotAnswering(Exception):
    """Meilisearch (or, federated, one of its remotes) did not answer within the page's deadline (site_config.TIMEOUT_MS)
    or could not be reached."""
