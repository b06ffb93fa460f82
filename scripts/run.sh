#!/usr/bin/env bash
# The main job: install, build the guide and serve it with search on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/banshi build
echo "办事指南已生成：http://127.0.0.1:${PORT:-8000}/ （Ctrl+C 停止）"
exec .venv/bin/python -m http.server "${PORT:-8000}" --bind 127.0.0.1 --directory site
