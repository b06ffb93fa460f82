#!/usr/bin/env bash
# Install the test dependencies (Python packages, Debian's chromium and a CJK font) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi"; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
bash scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/banshi schema --check
exec .venv/bin/python -m pytest -q "$@"
