"""`banshi index`: rebuild the Meilisearch index from the model and swap it in atomically."""

from __future__ import annotations

import json
import sys

import click

from generator.commands.common import project_root


@click.command("index")
@click.option("--url", envvar="MEILI_URL", default=None, help="Meilisearch 地址（环境变量 MEILI_URL）")
@click.option("--master-key", envvar="MEILI_MASTER_KEY", default=None, help="主密钥（环境变量 MEILI_MASTER_KEY；只在内存中使用，不写入任何文件）")
@click.option("--index", "index_name", default="items", show_default=True, help="索引名")
@click.option("--rotate-search-key", is_flag=True, help="新建公开搜索密钥并删除旧的（需随后重新发布网站）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
def index_cmd(url: str | None, master_key: str | None, index_name: str, rotate_search_key: bool, fmt: str) -> None:
    """把事项写入 Meilisearch：先填充新索引、核对文档数，再原子切换；失败时原索引继续服务。"""
    from generator.check.verdict import judge
    from generator.search.documents import build_documents
    from generator.search.indexer import IndexingFailed, reindex
    from generator.search.settings import index_settings
    from generator.validate.loading import load_project

    if not url:
        raise click.UsageError("未配置 Meilisearch 地址：请设置环境变量 MEILI_URL 或使用 --url")
    if not master_key:
        raise click.UsageError("未配置 Meilisearch 主密钥：请设置环境变量 MEILI_MASTER_KEY 或使用 --master-key")
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

    try:
        report = reindex(url, master_key, documents, index_settings(result.catalog), index=index_name, rotate_key=rotate_search_key, progress=progress)
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
