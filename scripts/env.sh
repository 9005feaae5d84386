# Sourced by the other scripts: local Node 22 + bun first on PATH, the venv's tools next.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
# Reflex's own bun installer downloads from the internet; use the bun from npm instead.
export REFLEX_USE_SYSTEM_BUN=1
export PYTHONDONTWRITEBYTECODE=1
cd "$ROOT"
