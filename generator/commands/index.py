"""`banshi index`: rebuild the Meilisearch index from the model and swap it in atomically."""

from __future__ import annotations

import json
import os
import re
import sys
from typing import TYPE_CHECKING, Any

import click

from generator.commands.common import project_root

if TYPE_CHECKING:
    from generator.search.federation import Shard


@click.command("index")
@click.option("--url", envvar="MEILI_URL", default=None, help="Meilisearch 地址（环境变量 MEILI_URL）")
@click.option("--master-key", envvar="MEILI_MASTER_KEY", default=None, help="主密钥（环境变量 MEILI_MASTER_KEY；只在内存中使用，不写入任何文件）")
@click.option("--index", "index_name", default="items", show_default=True, help="索引名")
@click.option("--rotate-search-key", is_flag=True, help="新建公开搜索密钥并删除旧的（需随后重新发布网站）")
@click.option(
    "--shard",
    "shards",
    multiple=True,
    envvar="MEILI_SHARDS",
    metavar="NAME=URL",
    help="分片部署：每个分片一个 Meilisearch（可重复；环境变量 MEILI_SHARDS，空格分隔）。按县分配事项，再用 Meilisearch 的 network 功能互相连接；"
    "各分片的主密钥取环境变量 MEILI_MASTER_KEY_<NAME>，没有时用 --master-key",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
def index_cmd(url: str | None, master_key: str | None, index_name: str, rotate_search_key: bool, shards: tuple[str, ...], fmt: str) -> None:
    """把事项写入 Meilisearch：先填充新索引、核对文档数，再原子切换；失败时原索引继续服务。"""
    from generator.check.verdict import judge
    from generator.search.documents import build_documents
    from generator.search.indexer import IndexingFailed, reindex
    from generator.search.settings import index_settings
    from generator.validate.loading import load_project

    shard_list = parse_shards(shards, master_key) if shards else []
    single = None if shard_list else single_instance(url, master_key)
    root = project_root()
    verdict = judge(load_project(root))
    if verdict.blocking:
        click.echo(f"数据校验有 {len(verdict.blocking)} 个错误，未更新搜索索引；请先运行 banshi validate 修正。", err=True)
        sys.exit(1)
    result = verdict.validation
    documents = build_documents(result.catalog, result.items)

    def progress(stage: str, info: dict[str, object]) -> None:
        if fmt == "text" and stage == "batch":
            click.echo(f"上传第 {info['batch']}/{info['batches']} 批（{info['documents']} 条）", err=True)

    if single is None:
        index_sharded(documents, index_settings(result.catalog), shard_list, index_name, fmt)
        return
    try:
        report = reindex(*single, documents, index_settings(result.catalog), index=index_name, rotate_key=rotate_search_key, progress=progress)
    except IndexingFailed as exc:
        if fmt == "json":
            click.echo(json.dumps({"error": str(exc)}, ensure_ascii=False))
        click.echo(str(exc), err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        click.echo(f"已更新索引 {report.index}：{report.documents} 条文档，用时 {report.seconds:.2f} 秒")
        click.echo(f"公开搜索密钥（只能搜索 {report.index}，可发布到网站）：{report.search_key}")


def single_instance(url: str | None, master_key: str | None) -> tuple[str, str]:
    if not url:
        raise click.UsageError("未配置 Meilisearch 地址：请设置环境变量 MEILI_URL 或使用 --url")
    if not master_key:
        raise click.UsageError("未配置 Meilisearch 主密钥：请设置环境变量 MEILI_MASTER_KEY 或使用 --master-key")
    return url, master_key


def parse_shards(values: tuple[str, ...], master_key: str | None) -> list[Shard]:
    """NAME=URL pairs (several per value, space separated, as MEILI_SHARDS gives them) with each shard's master key."""
    from generator.search.federation import Shard

    out = []
    for pair in (p for value in values for p in value.split()):
        name, _, url = pair.partition("=")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not url.startswith(("http://", "https://")):
            raise click.UsageError(f"--shard 应写成 名称=地址，如 shard0=http://10.0.0.1:7700（收到：{pair}）")
        key = os.environ.get(f"MEILI_MASTER_KEY_{name.upper().replace('-', '_')}") or master_key
        if not key:
            raise click.UsageError(f"分片 {name} 没有主密钥：请设置环境变量 MEILI_MASTER_KEY_{name.upper().replace('-', '_')} 或 MEILI_MASTER_KEY")
        out.append(Shard(name, url.rstrip("/"), key))
    if len({s.name for s in out}) != len(out):
        raise click.UsageError("--shard 的名称重复")
    return out


def index_sharded(documents: list[dict[str, Any]], settings: dict[str, Any], shards: list[Shard], index_name: str, fmt: str) -> None:
    from generator.search.federation import index_shards
    from generator.search.indexer import IndexingFailed
    from generator.search.meili import MeiliError

    try:
        reports = index_shards(documents, settings, shards, index=index_name)
    except (IndexingFailed, MeiliError) as exc:
        message = f"分片索引失败：{exc}（每个分片各自原子切换：已完成的分片用新索引，其余分片未改动；修正后重新运行即可）"
        if fmt == "json":
            click.echo(json.dumps({"error": message}, ensure_ascii=False))
        click.echo(message, err=True)
        sys.exit(1)
    remotes = ",".join(s.name for s in shards)
    if fmt == "json":
        rows = [{"name": s.name, **r.as_json()} for s, r in zip(shards, reports, strict=True)]
        click.echo(json.dumps({"remotes": remotes, "shards": rows}, ensure_ascii=False))
        return
    for shard, report in zip(shards, reports, strict=True):
        click.echo(f"分片 {shard.name}（{shard.url}）：{report.documents} 条文档，用时 {report.seconds:.2f} 秒，公开搜索密钥 {report.search_key}")
    click.echo(f"各分片已互相连接。搜索时把 MEILI_REMOTES 设为 {remotes}，MEILI_URL 与 MEILI_SEARCH_KEY 用其中任一分片的地址和公开搜索密钥。")
