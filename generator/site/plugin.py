"""MkDocs plugin: validates items/ and adds the generated guide pages, so `mkdocs build|serve` work directly."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.address.apply_link import ApplyConfigError, ApplyLinks, check_config_url
from generator.address.map_link import MapLinks
from generator.assets import OVERRIDES, SEARCH_DIR, STYLESHEETS
from generator.check.verdict import Verdict, judge
from generator.export.datapackage import Publisher
from generator.export.feeds import write_feeds
from generator.export.resolved import Context
from generator.export.reuse import write_package
from generator.export.writer import BUNDLES, DATA_DIR, Written, planned_files, progress_data, write_json, write_open_data
from generator.load.tree import FILES_DIR, publishable_attachments, symlinked
from generator.model.findings import render as render_findings
from generator.model.values import HOTLINE
from generator.render.accountability import site_breakdown
from generator.render.output import GeneratedPage, generated_page
from generator.render.pages import TEMPLATES, CityConfig, Renderer, SiteConfig
from generator.search.documents import build_documents
from generator.search.segments import kept as kept_segments
from generator.search.site_config import PublicSearchConfig
from generator.search.static_index import StaticIndex, build_static_index
from generator.search.understand import catalog_understanding
from generator.site.browser_files import write_browser_files
from generator.site.frame import BulkWriter, Job, nav_sources, render_in_full, theme_meta, theme_toc, write_pages
from generator.site.headers import META_CONTENT_SECURITY_POLICY, REFERRER_POLICY
from generator.site.incremental import BuildPlan
from generator.site.renderer import site_renderer
from generator.site.serve_guard import guard
from generator.validate.loading import load_project

log = logging.getLogger("mkdocs.plugins.banshi")


class LicenceOptions(Config):
    name = c.Optional(c.Type(str))  # SPDX identifier such as CC-BY-4.0, or the licence's name
    title = c.Optional(c.Type(str))
    url = c.Optional(c.Type(str))


class ContactOptions(Config):
    name = c.Optional(c.Type(str))  # the office that answers for the data
    email = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    url = c.Optional(c.Type(str))


class OpenDataOptions(Config):
    """The open data's terms for datapackage.json; what is left out is published as 未公布 (never guessed)."""

    licence = c.SubConfig(LicenceOptions)
    contact = c.SubConfig(ContactOptions)
    update_frequency = c.Optional(c.Type(str))  # e.g. 每日


class BanshiConfig(Config):
    apply_url_template = c.Type(str)
    apply_allowed_hosts = c.ListOfItems(c.Type(str))
    edit_url_base = c.Optional(c.Type(str))
    edit_allowed_hosts = c.ListOfItems(c.Type(str), default=["github.com"])
    site_title = c.Optional(c.Type(str))  # default: site_name
    provider_name = c.Type(str)  # the online application system, e.g. 河南政务服务网
    hotline = c.Type(str, default=HOTLINE)
    area_code = c.Optional(c.Type(str))
    demo_notice = c.Optional(c.Type(str))
    templates_dir = c.Optional(c.Type(str))  # page templates, relative to mkdocs.yml; default: Banshi's (generator/assets.py)
    search_assets_dir = c.Optional(c.Type(str))  # query.json and pinyin-chars.json, relative to mkdocs.yml; default: Banshi's
    accountability = c.Type(bool, default=True)  # open data, feeds, 改革进展 and 变更记录 (off: for benchmarks)
    rating_url_template = c.Optional(c.Type(str))  # 好差评: same placeholders and host allow-list as the apply link
    map_url_template = c.Optional(c.Type(str))  # a plain link per hall to a map: {place} / {address}; off when unset
    map_name = c.Type(str, default="地图")  # the map provider's name in the link, e.g. 高德地图
    open_data = c.SubConfig(OpenDataOptions)
    channels = c.Type(dict, default={})  # the directory's channel roles named, e.g. 政务服务移动端: “豫事办”; read and checked at load (load/roles.py)


DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs serve's address, when mkdocs.yml has no site_url
HOTLINE_RE = re.compile(r"^[0-9]{3,6}$")
AREA_CODE_RE = re.compile(r"^0[0-9]{2,3}$")


def city_config(options: BanshiConfig, site_name: str) -> CityConfig:
    """The city options, checked; PluginError (in Chinese) on a bad value."""
    if not HOTLINE_RE.match(options.hotline):
        raise PluginError(f"mkdocs.yml 的 banshi 配置错误：hotline「{options.hotline}」应为 3 到 6 位数字，如 12345")
    if options.area_code is not None and not AREA_CODE_RE.match(options.area_code):
        raise PluginError(f"mkdocs.yml 的 banshi 配置错误：area_code「{options.area_code}」应为以 0 开头的 3 到 4 位数字，如 0371")
    if not options.provider_name.strip():
        raise PluginError("mkdocs.yml 的 banshi 配置错误：provider_name（在线办理系统的名称）不能为空")
    return CityConfig(
        site_title=options.site_title or site_name,
        provider_name=options.provider_name,
        hotline=options.hotline,
        area_code=options.area_code,
        demo_notice=options.demo_notice,
    )


LINK_RE = re.compile(r"^https?://[^\s/@?#]+(?:[/?#]\S*)?$")
EMAIL_RE = re.compile(r"^[^\s@<>\"]+@[^\s@<>\"]+\.[^\s@<>\"]+$")


def publisher(options: OpenDataOptions, site_title: str, site_url: str) -> Publisher:
    """The open data's terms from the `open_data` options, checked (PluginError in Chinese on a bad link or
    e-mail address); a warning names what is not configured."""
    licence, contact = options.licence, options.contact
    for option, value in (("open_data.licence.url", licence.url), ("open_data.contact.url", contact.url)):
        if value is not None and not LINK_RE.match(value):
            raise PluginError(f"mkdocs.yml 的 banshi 配置错误：{option}「{value}」应为 http:// 或 https:// 开头的网址")
    if contact.email is not None and not EMAIL_RE.match(contact.email):
        raise PluginError(f"mkdocs.yml 的 banshi 配置错误：open_data.contact.email「{contact.email}」不是电子邮箱地址")
    out = Publisher(
        title=site_title,
        site_url=site_url,
        licence_name=licence.name,
        licence_title=licence.title,
        licence_url=licence.url,
        contact_name=contact.name,
        contact_email=contact.email,
        contact_phone=contact.phone,
        contact_url=contact.url,
        update_frequency=options.update_frequency,
    )
    if out.unstated():
        missing = "、".join(out.unstated())
        log.warning("banshi: 开放数据的%s未配置，datapackage.json 中写为“未公布”；请在 mkdocs.yml 的 banshi 插件配置 open_data 中填写", missing)
    return out


def project_dir(root: Path, value: str, option: str) -> Path:
    """A folder option resolved against the project (the folder of mkdocs.yml), which must exist."""
    path = (root / value).resolve()
    if not path.is_dir():
        raise PluginError(f"mkdocs.yml 的 banshi 配置错误：{option} 指向的文件夹 {path} 不存在")
    return path


@dataclass
class BuildStats:
    """Figures of one build, filled by the plugin for the caller that handed it in (generator/site/build.py)."""

    pages: int = 0
    render_seconds: float = 0.0
    search_index_seconds: float = 0.0
    bulk_seconds: float = 0.0
    history_seconds: float = 0.0
    open_data_seconds: float = 0.0
    open_data_copied: int = 0  # items whose open-data rows were copied from the live site (export/fragments.py)


class BanshiPlugin(BasePlugin[BanshiConfig]):
    """Generates item, service, department, region, theme and home pages from items/."""

    def __init__(self) -> None:
        self.prepared: Verdict | None = None  # set by `banshi build` to skip a second validation
        self.stats = BuildStats()
        self.root = Path.cwd()
        self.apply: ApplyLinks | None = None
        self.rating: ApplyLinks | None = None
        self.maps: MapLinks | None = None
        self.city: CityConfig | None = None
        self.templates = TEMPLATES
        self.search_assets = SEARCH_DIR
        self.search = PublicSearchConfig()  # static index only, unless `banshi build` hands in a verified key
        self.static_index: StaticIndex | None = None
        self.nav_pages: dict[str, GeneratedPage] = {}
        self.bulk_jobs: list[Job] = []
        self.env: jinja2.Environment | None = None
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.renderer: Renderer | None = None
        self.terms: Publisher | None = None
        self.plan: BuildPlan | None = None
        self.written: Written | None = None  # the open data, while its workbook is being written

    def configure(self, prepared: Verdict, search: PublicSearchConfig, stats: BuildStats, plan: BuildPlan | None = None) -> None:
        """What `banshi build` passes in: the validation it already ran, the verified search config, a stats sink and
        the plan of an incremental build (generator/site/incremental.py)."""
        self.prepared, self.search, self.stats, self.plan = prepared, search, stats, plan

    def checked_links(self) -> ApplyLinks:
        """Every URL configured for the plugin, checked (ApplyConfigError with a Chinese message)."""
        if self.config.edit_url_base:
            check_config_url(self.config.edit_url_base, tuple(self.config.edit_allowed_hosts), "编辑链接 edit_url_base ", "edit_allowed_hosts")
        return ApplyLinks(self.config.apply_url_template, tuple(self.config.apply_allowed_hosts))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        try:
            self.apply = self.checked_links()
            rating = self.config.rating_url_template
            self.rating = ApplyLinks(rating, tuple(self.config.apply_allowed_hosts), label="好差评地址") if rating else None
            maps = self.config.map_url_template
            self.maps = MapLinks(maps, self.config.map_name) if maps else None
        except ApplyConfigError as exc:
            raise PluginError(f"mkdocs.yml 的 banshi 配置错误：{exc}") from None
        self.city = city_config(self.config, config.site_name)
        self.terms = publisher(self.config.open_data, self.city.site_title, config.site_url or DEFAULT_SITE_URL)
        templates, search_assets = self.config.templates_dir, self.config.search_assets_dir
        self.templates = project_dir(self.root, templates, "templates_dir") if templates else TEMPLATES
        self.search_assets = project_dir(self.root, search_assets, "search_assets_dir") if search_assets else SEARCH_DIR
        if not config.theme.custom_dir:  # a city without its own overrides gets Banshi's, as `custom_dir` would add them
            config.theme.dirs.insert(0, str(OVERRIDES))
        config.extra_css.extend(sheet for sheet in STYLESHEETS if sheet not in config.extra_css)  # pages need them all
        if "search" in config.plugins or "material/search" in config.plugins:
            log.warning("banshi: mkdocs.yml 仍启用了 search 插件；Banshi 自带搜索页和离线索引，请删除它（10k 事项时它生成约 94 MB 的索引）")
        return config

    def site_config(self, config: MkDocsConfig) -> SiteConfig:
        assert self.apply is not None and self.city is not None
        return SiteConfig(
            site_url=config.site_url or DEFAULT_SITE_URL,
            apply=self.apply,
            city=self.city,
            templates=self.templates,
            edit_url_base=self.config.edit_url_base,
            rating=self.rating,
            maps=self.maps,
            search_config=self.search.page_json(),
            accountability=self.config.accountability,
            has_bundles=(self.root / BUNDLES).is_file(),
        )

    def validated(self) -> Verdict:
        result = self.prepared or judge(load_project(self.root))
        self.prepared = None  # serve rebuilds must re-read items/
        if result.blocking:
            log.error("\n" + render_findings(result.findings, result.records, "text"))
            raise PluginError(f"事项数据有 {len(result.blocking)} 个错误，已停止构建；请按上面的提示修改后重试")
        return result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the pages in the navigation as MkDocs pages; keep the rest for the parallel bulk writer."""
        result = self.validated()
        started = time.perf_counter()
        self.renderer, self.stats.history_seconds = site_renderer(self.root, result, self.site_config(config))
        jobs = self.renderer.page_jobs()
        in_nav = nav_sources(config.nav or [])
        self.nav_pages, self.bulk_jobs = {}, []
        for src_uri, job in jobs.items():
            if src_uri in in_nav:
                self.nav_pages[src_uri] = generated_page(src_uri, job())
                existing = files.get_file_from_path(src_uri)
                if existing is not None:
                    files.remove(existing)
                files.append(File.generated(config, src_uri, content=""))
            else:
                self.bulk_jobs.append((src_uri, job))
        if self.plan is not None:
            self.start_plan(config)
        self.stats.render_seconds, self.stats.pages = time.perf_counter() - started - self.stats.history_seconds, len(jobs)
        self.start_open_data(config)  # its workbook's child process starts as early as the page keys allow
        if self.plan is not None:
            started = time.perf_counter()
            self.choose_pages(config)
            self.stats.render_seconds += time.perf_counter() - started
        for path in publishable_attachments(self.root):  # regular files of allowed types only, never a symlink
            uri = "files/" + path.relative_to(self.root / FILES_DIR).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        for file in list(files):  # MkDocs follows symlinks in docs_dir and the theme folder: drop those in this repo
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source is not None and source.is_relative_to(self.root) and symlinked(self.root, source):
                log.warning("banshi: 跳过符号链接 %s（不发布符号链接指向的内容）", source.relative_to(self.root).as_posix())
                files.remove(file)
        started = time.perf_counter()
        with kept_segments(self.root):  # jieba's segments of the catalog's words, kept between builds (search/segments.py)
            cat, items = result.validation.catalog, result.validation.items
            self.static_index = build_static_index(build_documents(cat, items), catalog_understanding(cat, items))
        self.stats.search_index_seconds = time.perf_counter() - started
        log.info("banshi: %d 条记录，生成 %d 个页面", result.records, self.stats.pages)
        return files

    def start_plan(self, config: MkDocsConfig) -> None:
        """The manifest's inputs (everything a page is made from besides the records) and every page's key."""
        assert self.plan is not None and self.renderer is not None
        folders = [*(Path(d) for d in config.theme.dirs), Path(config.docs_dir), self.templates, self.search_assets, Path(config.config_file_path)]
        self.plan.start(self.root, self.renderer.site, folders, [self.search.page_json(), str(config.use_directory_urls)])

    def choose_pages(self, config: MkDocsConfig) -> None:
        """The pages outside the navigation still to render: all, or in an incremental build those whose key changed."""
        assert self.plan is not None
        self.bulk_jobs = self.plan.to_render(self.bulk_jobs, lambda uri: uri if uri.endswith(".html") else File.generated(config, uri, content="").dest_uri)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env, self.files = env, files
        env.globals["banshi_memo"] = render_in_full  # the page writer (site/frame.py) replaces it with its cache
        env.globals.update(banshi_csp=META_CONTENT_SECURITY_POLICY, banshi_referrer=REFERRER_POLICY)  # main.html's <meta>
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.nav_pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        page.meta = theme_meta(generated)
        return ""

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.nav_pages.get(page.file.src_uri)
        if generated is None:
            return html
        page.toc = theme_toc(generated)
        return generated.body

    def start_open_data(self, config: MkDocsConfig) -> None:
        """The open data, as soon as the items and their history are known (MkDocs has cleaned the site folder by
        then): its workbook is then written by a child process while the search index, MkDocs' own pages and the
        pages outside the navigation are made, and on_post_build (or on_build_error) waits for it."""
        self.written = None
        if self.config.accountability and self.renderer is not None and (self.plan is None or self.plan.writes_shared):
            started = time.perf_counter()
            self.written = self.write_open_data(config)
            self.stats.open_data_seconds = time.perf_counter() - started
            self.stats.open_data_copied = self.written.copied

    def finish_open_data(self) -> None:
        written, self.written = self.written, None
        if written is not None:
            started = time.perf_counter()
            written.wait()
            self.stats.open_data_seconds += time.perf_counter() - started

    def on_build_error(self, *, error: Exception) -> None:
        """A build that failed after on_files still reaps the workbook's child process."""
        try:
            self.finish_open_data()
        except Exception:  # the build's own error is the one to report
            log.debug("banshi: workbook child failed after a build error", exc_info=True)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The pages outside the navigation (in parallel), the static search index and the query path; then wait for
        the workbook the open data started."""
        try:
            self.write_pages_and_index(config)
        finally:
            self.finish_open_data()  # reaped even when a stage above failed

    def write_pages_and_index(self, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        assert self.env is not None and self.nav is not None and self.files is not None
        writer = BulkWriter(config, self.env, self.nav, self.files)
        write_pages(writer, self.bulk_jobs)
        self.bulk_jobs = []
        self.stats.bulk_seconds = time.perf_counter() - started
        started = time.perf_counter()
        catalog = self.renderer.site.catalog if self.renderer is not None else None
        if self.plan is None or self.plan.writes_shared:
            write_browser_files(Path(config.site_dir), catalog, self.static_index, self.search_assets)
        self.stats.search_index_seconds += time.perf_counter() - started

    def write_open_data(self, config: MkDocsConfig) -> Written:
        """site/data/, the JSON beside every item page, progress.json and the Atom feeds; the workbook may still be
        being written when this returns (Written.wait)."""
        assert self.renderer is not None and self.apply is not None
        site, site_dir = self.renderer.site, Path(config.site_dir)
        ctx = Context(self.site_config(config).site_url, self.apply, site.catalog, history=site.history)
        plan = self.plan
        kept = plan.keeps_data if plan and plan.reuse else None
        written = write_open_data(self.root, site_dir, site.items, ctx, kept=kept, store=plan.fragment_store(self.root) if plan else None)
        write_json(site_dir / DATA_DIR / "progress.json", progress_data(site_breakdown(self.renderer), site.history))
        written.files["progress.json"] = 1
        titles = {f.name: f.description for f in planned_files(site.catalog, site.items, "bundles.json" in written.files)}
        assert self.terms is not None
        write_package(site_dir / DATA_DIR, self.terms, written.files, titles)
        write_feeds(site_dir, site.history, site.items, site.catalog, ctx.site_url, self.city.site_title if self.city else config.site_name)
        return written

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Plain `mkdocs serve` (full rebuilds into MkDocs' temporary folder); `banshi serve` is generator/site/live.py."""
        guard(server)  # local Host headers only, GET and HEAD only (generator/site/serve_guard.py)
        for path in self.sources(config):
            server.watch(str(path))
        return server

    def sources(self, config: MkDocsConfig) -> list[Path]:
        """The project's folders and files a build reads (after on_config): what a live preview watches."""
        own = [self.root / "items", self.templates, self.search_assets, Path(config.docs_dir), Path(config.config_file_path)]
        if config.theme.custom_dir:
            own.append(Path(config.theme.custom_dir))
        return [p for p in dict.fromkeys(own) if p.exists() and p.is_relative_to(self.root)]
