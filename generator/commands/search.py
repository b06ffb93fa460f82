"""`banshi search`: the same federated query the site sends, from the command line."""

from __future__ import annotations

import json
import sys

import click


@click.command("search")
@click.argument("query")
@click.option("--filter", "filter_expr", default=None, help='Meilisearch 过滤表达式，例如 "region = 兰考县 AND fully_online = true"')
@click.option("--url", envvar="MEILI_URL", default=None, help="Meilisearch 地址（环境变量 MEILI_URL）")
@click.option("--key", envvar=["MEILI_SEARCH_KEY", "MEILI_MASTER_KEY"], default=None, help="搜索密钥（环境变量 MEILI_SEARCH_KEY，其次 MEILI_MASTER_KEY）")
@click.option("--index", "index_name", default="items", show_default=True, help="索引名")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="最多显示条数")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
def search_cmd(query: str, filter_expr: str | None, url: str | None, key: str | None, index_name: str, limit: int, fmt: str) -> None:
    """用网站相同的查询方式搜索事项。"""
    from generator.search.meili import Meili, MeiliError
    from generator.search.query import run_search

    if not url:
        raise click.UsageError("未配置 Meilisearch 地址：请设置环境变量 MEILI_URL 或使用 --url")
    try:
        with Meili(url, key) as meili:
            result = run_search(meili, query, filter_expr, limit=limit, index=index_name)
    except MeiliError as exc:
        click.echo(f"搜索失败：{exc}", err=True)
        sys.exit(1)
    hits = [{k: h.get(k) for k in ("implementation_code", "name", "region", "department")} for h in result["hits"]]
    total = int(result.get("estimatedTotalHits", len(hits)))
    if fmt == "json":
        click.echo(json.dumps({"hits": hits, "total": total}, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"没有找到与“{query}”相关的事项。可以换用规范名称（如“机动车驾驶证”）或更短的关键词。")
        return
    click.echo(f"约 {total} 条结果：")
    for number, hit in enumerate(hits, 1):
        click.echo(f"{number:>3}. {hit['name']}　{hit['region']}　{hit['department']}　{hit['implementation_code']}")
