"""Build check: no Meilisearch key other than the search-only key may appear anywhere in the built site.

With MEILI_MASTER_KEY set, the check lists every key through the API (MEILI_URL) and searches the site
for each key that is not the configured search key, and for the master key itself. It also refuses a
configured MEILI_SEARCH_KEY whose actions go beyond `search`. Without a reachable server it still
searches for the master key and says it could not list the others.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.search.meili import Meili, MeiliError


@dataclass
class KeyCheck:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    secrets_checked: int = 0
    files_scanned: int = 0


def secret_keys(env: Mapping[str, str], check: KeyCheck) -> list[tuple[str, str]]:
    """(label, key) pairs that must not appear in the site."""
    master = (env.get("MEILI_MASTER_KEY") or "").strip()
    if not master:
        return []
    search_key = (env.get("MEILI_SEARCH_KEY") or "").strip()
    out = [("主密钥 MEILI_MASTER_KEY", master)]
    url = (env.get("MEILI_URL") or "").strip()
    if not url.startswith(("http://", "https://")):
        check.notes.append("未设置 MEILI_URL，无法列出 Meilisearch 的其他密钥；只检查了主密钥")
        return out
    try:
        with Meili(url, master, timeout=10) as meili:
            keys = meili.get("/keys", limit=1000)["results"]
    except MeiliError as exc:
        check.notes.append(f"无法列出 Meilisearch 密钥（{exc}）；只检查了主密钥")
        return out
    for key in keys:
        if key["key"] == search_key and not set(key.get("actions", [])) - {"search"}:
            continue
        if key["key"] == search_key:
            check.problems.append(f"MEILI_SEARCH_KEY 不是只读搜索密钥（actions: {key.get('actions')}）：网站只能使用只有 search 权限的密钥")
        out.append((f"密钥 {key.get('name') or key['uid']}（actions: {','.join(key.get('actions', []))}）", key["key"]))
    return out


def check_site(site_dir: Path, env: Mapping[str, str] | None = None) -> KeyCheck:
    env = os.environ if env is None else env
    check = KeyCheck()
    secrets = [(label, key.encode()) for label, key in secret_keys(env, check) if key]
    check.secrets_checked = len(secrets)
    if not secrets:
        return check
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        check.files_scanned += 1
        data = path.read_bytes()
        for label, secret in secrets:
            if secret in data:
                check.problems.append(f"{path.relative_to(site_dir).as_posix()} 含有{label}：只能发布只读搜索密钥")
    return check
