"""Publication checks for Meilisearch keys: verify the search key before it reaches the site, then scan the
built site for every secret the build knows, in every form a page may carry it.

verify_search_key: a key is published only when it is proven search-only on exactly the configured index.
- With MEILI_MASTER_KEY: GET /keys/<key> must answer actions == ["search"], indexes == [index] and no past
  expiry; every other key (and the master key) becomes a secret to scan for.
- Without it, the key is probed with itself, read-only requests only: /keys, /indexes, /tasks, the index's
  documents and settings must answer 401/403; a search on the index must succeed; a search on an index name
  that cannot exist must answer 403 (a key for indexes ["*"], such as the Default Search API Key, gets 404).
Federated (MEILI_REMOTES set): the key, verified as above on the entry shard (MEILI_URL), must also run one federated
search over exactly the configured remotes (a search-only key suffices: the entry shard asks the remotes with their own
keys from its /network); with MEILI_MASTER_KEY the entry shard's /network must name exactly those remotes (one left
out would leave its part of the catalog out of every answer). Otherwise the key is not published.
A key shown to have more rights fails the build (the old site stays). A key that cannot be verified (no
server address, server unreachable, index missing) is not published: the site uses the static index and the
build says so.

check_site: the raw key, its HTML-escaped (html and MarkupSafe), JSON-escaped and URL-encoded forms and their
combinations are searched for in every file of the site (a data-config attribute holds HTML-escaped JSON).
"""

from __future__ import annotations

import html
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import markupsafe

from generator.search.federation import FederatedMeili
from generator.search.meili import Meili, MeiliError
from generator.search.site_config import PublicSearchConfig, SearchSettings

FORBIDDEN_PROBES = (("GET", "/keys"), ("GET", "/indexes"), ("GET", "/tasks"), ("GET", "/indexes/{index}/documents"), ("GET", "/indexes/{index}/settings"))


@dataclass
class KeyVerdict:
    public: PublicSearchConfig = field(default_factory=PublicSearchConfig)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    secrets: list[tuple[str, str]] = field(default_factory=list)  # (label, key): must not appear in site/


@dataclass
class KeyCheck:
    problems: list[str] = field(default_factory=list)
    secrets_checked: int = 0
    files_scanned: int = 0


def _status(meili: Meili, method: str, path: str, body: object = None, **params: Any) -> int:
    try:
        meili.request(method, path, json=body, **params)
    except MeiliError as exc:
        return exc.status  # 0: no answer
    return 200


def _api_url(settings: SearchSettings) -> str | None:
    for url in (settings.api_url, settings.public_url):
        if url and url.startswith(("http://", "https://")):
            return url
    return None


def verify_search_key(settings: SearchSettings) -> KeyVerdict:
    verdict = KeyVerdict()
    if settings.master_key:
        verdict.secrets.append(("主密钥 MEILI_MASTER_KEY", settings.master_key))
    key, index = settings.search_key, settings.index
    if not settings.wanted:
        verdict.notes.append("搜索：未配置 Meilisearch，网站使用离线索引")
        return verdict
    if not key or not settings.public_url:
        verdict.notes.append("搜索：MEILI_PUBLIC_URL（或 MEILI_URL）和 MEILI_SEARCH_KEY 需同时设置；网站使用离线索引")
        return _unverified(verdict, key)
    if key == settings.master_key:
        verdict.problems.append("MEILI_SEARCH_KEY 就是主密钥 MEILI_MASTER_KEY：网站只能使用只读搜索密钥")
        return verdict
    api = _api_url(settings)
    if api is None:
        verdict.notes.append(f"搜索：无法验证搜索密钥（MEILI_PUBLIC_URL 是 {settings.public_url}，且未设置 MEILI_URL）；未发布该密钥，网站使用离线索引")
        return _unverified(verdict, key)
    try:
        with Meili(api, settings.master_key, timeout=10) as admin, Meili(api, key, timeout=10) as probe:
            if settings.master_key:
                _verify_with_master(admin, key, index, verdict)
            else:
                _verify_by_probing(probe, index, verdict)
            if settings.remotes and not verdict.problems and not verdict.notes:
                _verify_federation(api, admin if settings.master_key else None, key, index, settings.remotes, verdict)
    except MeiliError as exc:
        verdict.notes.append(f"搜索：无法验证搜索密钥（{exc}）；未发布该密钥，网站使用离线索引")
        return _unverified(verdict, key)
    if verdict.problems:
        return verdict
    if verdict.notes:  # could not prove it either way
        return _unverified(verdict, key)
    verdict.public = PublicSearchConfig(url=settings.public_url, key=key, index=index, remotes=settings.remotes)
    how = "用主密钥核对了权限" if settings.master_key else "未提供 MEILI_MASTER_KEY，用搜索密钥本身探测了权限，无法列出其他密钥"
    where = f"联邦搜索分片 {','.join(settings.remotes)}，" if settings.remotes else ""
    verdict.notes.append(f"搜索：已验证搜索密钥只能搜索索引 {index}（{how}），网站使用 Meilisearch（{where}{settings.public_url}）")
    return verdict


def _verify_federation(api: str, admin: Meili | None, key: str, index: str, remotes: tuple[str, ...], verdict: KeyVerdict) -> None:
    """The key runs one federated search over every remote; with the master key, the network holds exactly them."""
    names = ",".join(remotes)
    if admin is not None:
        network = admin.get("/network")
        known = sorted((network.get("remotes") or {}).keys())
        if known != sorted(remotes):
            network_names = ",".join(known) or "未设置"
            verdict.notes.append(f"搜索：MEILI_REMOTES（{names}）与 Meilisearch 的分片网络（{network_names}）不一致；未发布搜索密钥，网站使用离线索引")
            return
    try:
        with FederatedMeili(api, key, remotes, timeout=10) as federated:
            federated.post(f"/indexes/{index}/search", {"q": "", "limit": 1, "attributesToRetrieve": ["id"]})
    except MeiliError as exc:
        verdict.notes.append(f"搜索：搜索密钥不能在分片 {names} 上联邦搜索（{exc}）；未发布该密钥，网站使用离线索引")


def _unverified(verdict: KeyVerdict, key: str | None) -> KeyVerdict:
    if key:
        verdict.secrets.append(("未验证的 MEILI_SEARCH_KEY", key))
    return verdict


def _verify_with_master(admin: Meili, key: str, index: str, verdict: KeyVerdict) -> None:
    keys = admin.get("/keys", limit=1000)["results"]
    found = next((k for k in keys if k.get("key") == key), None)
    for other in keys:
        if other is not found:
            verdict.secrets.append((f"密钥 {other.get('name') or other.get('uid')}（actions: {','.join(other.get('actions', []))}）", str(other["key"])))
    if found is None:
        verdict.problems.append("MEILI_SEARCH_KEY 不是这个 Meilisearch 的 API 密钥（GET /keys 中没有它）")
        return
    if found.get("actions") != ["search"]:
        verdict.problems.append(f"MEILI_SEARCH_KEY 不是只读搜索密钥（actions: {found.get('actions')}）：网站只能使用只有 search 权限的密钥")
    if found.get("indexes") != [index]:
        verdict.problems.append(f"MEILI_SEARCH_KEY 可用于索引 {found.get('indexes')}，而不是只有 [{index!r}]：请用 banshi index 生成的公开搜索密钥")
    expires = found.get("expiresAt")
    if expires and datetime.fromisoformat(str(expires)) <= datetime.now(UTC):
        verdict.problems.append(f"MEILI_SEARCH_KEY 已于 {expires} 过期")


def _verify_by_probing(probe: Meili, index: str, verdict: KeyVerdict) -> None:
    for method, path in FORBIDDEN_PROBES:
        status = _status(probe, method, path.format(index=index), limit=1)
        if status == 200:
            verdict.problems.append(f"MEILI_SEARCH_KEY 可以访问 {path.format(index=index)}：不是只读搜索密钥（可能是主密钥或管理密钥）")
        elif status not in (401, 403):
            verdict.notes.append(f"搜索：验证搜索密钥时 {path.format(index=index)} 返回 {status or '无响应'}；未发布该密钥，网站使用离线索引")
            return
    search = _status(probe, "POST", f"/indexes/{index}/search", {"q": "", "limit": 1})
    if search != 200:
        verdict.notes.append(f"搜索：搜索密钥不能搜索索引 {index}（返回 {search or '无响应'}）；未发布该密钥，网站使用离线索引")
        return
    other = f"{index}-banshi-probe-{secrets.token_hex(4)}"
    scoped = _status(probe, "POST", f"/indexes/{other}/search", {"q": "", "limit": 1})
    if scoped == 404:
        verdict.problems.append(f'MEILI_SEARCH_KEY 可以搜索所有索引（如 Default Search API Key，indexes ["*"]）：请用只限索引 {index} 的密钥')
    elif scoped not in (401, 403):
        verdict.notes.append(f"搜索：无法确认搜索密钥只限索引 {index}（返回 {scoped or '无响应'}）；未发布该密钥，网站使用离线索引")


def secret_forms(secret: str) -> set[bytes]:
    """The forms a page may carry a secret in: raw, HTML-escaped, JSON-escaped, URL-encoded, and combinations."""
    base = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], quote(secret, safe=""), quote(secret), quote_plus(secret)}
    forms = set(base)
    for value in base:
        forms |= {html.escape(value), html.escape(value, quote=False), str(markupsafe.escape(value))}
    return {f.encode() for f in forms if f}


def check_site(site_dir: Path, secrets_: list[tuple[str, str]]) -> KeyCheck:
    check = KeyCheck()
    labelled = [(label, form) for label, secret in secrets_ if secret for form in secret_forms(secret)]
    check.secrets_checked = len({s for _, s in secrets_ if s})
    if not labelled:
        return check
    by_form = {form: label for label, form in labelled}
    pattern = re.compile(b"|".join(re.escape(form) for form in sorted(by_form, key=len, reverse=True)))
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        check.files_scanned += 1
        labels = {by_form[m.group()] for m in pattern.finditer(path.read_bytes())}
        for label in sorted(labels):
            check.problems.append(f"{path.relative_to(site_dir).as_posix()} 含有{label}：只能发布已验证的只读搜索密钥")
    return check
