# Sourced by scripts/run and scripts/test: make sure .venv exists and matches pyproject.toml.
# The stamp holds a hash of pyproject.toml, so a changed dependency list reinstalls.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON_BIN="${PYTHON:-python3.11}"
command -v "$PYTHON_BIN" >/dev/null 2>&1 || PYTHON_BIN=python3
EXTRAS="${NLTS_EXTRAS:-test,dev}"
STAMP="$VENV/.nlts-installed"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1) $EXTRAS"
if [ ! -x "$VENV/bin/python" ]; then
    echo "正在创建虚拟环境 $VENV ……" >&2
    "$PYTHON_BIN" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    echo "正在安装依赖（首次运行需要几分钟）……" >&2
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[$EXTRAS]"
    echo "$WANT" > "$STAMP"
fi
