#!/usr/bin/env bash
# Set up everything the site build and the tests need, on a fresh Debian/Ubuntu machine.
# Safe to run again: each step is skipped when it is already done.
#
#   scripts/setup.sh          # system packages (as root), .venv with pinned Python packages,
#                             # node_modules from package-lock.json
set -euo pipefail
cd "$(dirname "$0")/.."

# nginx + its brotli module: `make serve` and the production configuration (deploy/nginx/)
SYSTEM_PACKAGES=(chromium fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 nodejs npm
                 nginx libnginx-mod-http-brotli-static)
PYTHON=${PYTHON:-python3}

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere than Debian's packages: accept them if they run.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install ${missing[*]}" >&2
    echo "安装缺少的系统软件包：  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# Python: a virtual environment with the pinned packages, reinstalled when the pins change.
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Then the project's own two packages, editable (so tests, the MkDocs hook and `python -m`
# import them by name): calculators (calculators/pyproject.toml) and plansite (pyproject.toml).
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt constraints.txt pyproject.toml calculators/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages from requirements.txt (versions of constraints.txt)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
    -e ./calculators -e .
  echo "$want" >"$stamp"
fi

# npm: exactly what package-lock.json says.
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$want" >"$stamp"
fi
