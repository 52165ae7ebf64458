#!/usr/bin/env bash
# Install everything the tests need (system packages, a virtualenv with the project) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the tests use (browser, reasoner, triple store), one per line in system-packages.txt.
missing=()
while read -r package; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done < scripts/system-packages.txt
if ((${#missing[@]})); then
  echo "installing system packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
# Test files run in parallel, each whole in one process (its fixtures built once): -n 1 for one process.
exec .venv/bin/python -m pytest -n auto --maxprocesses 4 --dist loadfile "$@"
