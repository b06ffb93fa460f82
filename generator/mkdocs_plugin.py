"""MkDocs plugin: validates items/ and adds the generated guide pages, so `mkdocs build|serve` work directly."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.findings import render as render_findings
from generator.render.apply_link import ApplyConfigError, ApplyLinks
from generator.render.pages import Renderer, Site, SiteConfig
from generator.search.documents import build_documents
from generator.search.server import SEARCH_DIR
from generator.search.site_config import PublicSearchConfig, from_env
from generator.search.static_index import OUT_DIR, StaticIndex, build_static_index
from generator.validate import Validation, validate

log = logging.getLogger("mkdocs.plugins.banshi")


class BanshiConfig(Config):
    apply_url_template = c.Type(str)
    apply_allowed_hosts = c.ListOfItems(c.Type(str))
    edit_url_base = c.Optional(c.Type(str))


class BanshiPlugin(BasePlugin[BanshiConfig]):
    """Generates item, service, department, region, theme and home pages from items/."""

    def __init__(self) -> None:
        self.prepared: Validation | None = None  # set by `banshi build` to skip a second validation
        self.render_seconds = 0.0
        self.pages = 0
        self.root = Path.cwd()
        self.apply: ApplyLinks | None = None
        self.search = PublicSearchConfig()
        self.static_index: StaticIndex | None = None
        self.search_index_seconds = 0.0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        try:
            self.apply = ApplyLinks(self.config.apply_url_template, tuple(self.config.apply_allowed_hosts))
        except ApplyConfigError as exc:
            raise PluginError(f"mkdocs.yml 的 banshi 配置错误：{exc}") from None
        self.search = from_env()
        if "search" in config.plugins or "material/search" in config.plugins:
            log.warning("banshi: mkdocs.yml 仍启用了 search 插件；Banshi 自带搜索页和离线索引，请删除它（10k 事项时它生成约 94 MB 的索引）")
        return config

    def site_config(self, config: MkDocsConfig) -> SiteConfig:
        assert self.apply is not None
        return SiteConfig(
            site_url=config.site_url or "http://127.0.0.1:8000/",
            apply=self.apply,
            edit_url_base=self.config.edit_url_base,
            search_config=self.search.page_json(),
        )

    def validated(self) -> Validation:
        result = self.prepared or validate(self.root)
        self.prepared = None  # serve rebuilds must re-read items/
        if result.errors:
            log.error("\n" + render_findings(result.findings, result.records, "text"))
            raise PluginError(f"事项数据有 {len(result.errors)} 个错误，已停止构建；请按上面的提示修改后重试")
        return result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        result = self.validated()
        started = time.perf_counter()
        pages = Renderer(Site(result.catalog, list(result.items)), self.site_config(config)).pages()
        self.render_seconds, self.pages = time.perf_counter() - started, len(pages)
        for src_uri, content in pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        attachments = self.root / "items" / "_files"
        if attachments.is_dir():
            for path in sorted(p for p in attachments.rglob("*") if p.is_file()):
                uri = "files/" + path.relative_to(attachments).as_posix()
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        started = time.perf_counter()
        synonyms = [(s.official, list(s.colloquial)) for s in result.catalog.synonyms]
        self.static_index = build_static_index(build_documents(result), synonyms)
        self.search_index_seconds = time.perf_counter() - started
        log.info("banshi: %d 条记录，生成 %d 个页面", result.records, len(pages))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the static search index and the Meilisearch query path (search/query.json) next to the search page."""
        started = time.perf_counter()
        out = Path(config.site_dir) / OUT_DIR
        if self.static_index is not None:
            self.static_index.write(out)
        for name in ("query.json", "pinyin-chars.json"):
            source = SEARCH_DIR / name
            if source.is_file():
                (out.parent / name).write_bytes(source.read_bytes())
        self.search_index_seconds += time.perf_counter() - started

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root / "items"))
        server.watch(str(self.root / "site_templates"))
        return server
