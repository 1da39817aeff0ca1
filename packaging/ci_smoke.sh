#!/usr/bin/env bash
# Build the self-contained app (packaging/build_app.py) and check that it runs on its own:
# `--version`, `list roles`, `search`, `build-loop` (twice: the second by the quick path) and
# `insight` from a clean HOME with its bundled bank, and `gui` headless up to the main window.
# Installs what it needs (the `build` extra) into .venv; exits non-zero on the first failure.
# About 2.5 minutes on the 2-core build machine, most of it PyInstaller.
#   bash packaging/ci_smoke.sh            (PYTHON=... to build with another interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PYTHON=.venv/bin/python
fi
"$PYTHON" -m pip install -q -e ".[build]"

out=$(mktemp -d "${TMPDIR:-/tmp}/desk-smoke.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$PYTHON" packaging/build_app.py --dist "$out/dist" --work "$out/work"
app="$out/dist/interview-desk/interview-desk"
mkdir "$out/home"
version=$("$PYTHON" -c "import desktop; print(desktop.__version__)")

# A clean HOME, no project variables, run from elsewhere: only what the bundle carries.
run() {
  (cd "$out/home" && env -i PATH=/usr/bin:/bin HOME="$out/home" LANG=C.UTF-8 "$@" \
     timeout 180 "$app" "${args[@]}")
}
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

args=(--version)
got=$(run) || fail "--version exited $?"
[ "$got" = "interview-desk $version" ] || fail "--version printed '$got'"
echo "smoke: ok --version: $got"

args=(list roles --json)
roles_json=$(run) || fail "list roles exited $?"
roles=$(printf '%s' "$roles_json" | "$PYTHON" -c "import json, sys; print(len(json.load(sys.stdin)))")
[ "$roles" -gt 0 ] || fail "list roles found no role in the bundled bank"
[ -f "$out/home/.local/share/interview-desk/interview_desk.db" ] || fail "no database in the clean HOME"
echo "smoke: ok list roles: $roles roles from the bundled bank"

# Search ranks with the Tantivy index (a native module) built beside the database.
args=(search "what would you" --json)
got=$(run) || fail "search exited $?: $got"
found=$(printf '%s' "$got" | "$PYTHON" -c "import json, sys; print(len(json.load(sys.stdin)))")
[ "$found" -gt 0 ] || fail "search found nothing in the bundled bank"
echo "smoke: ok search: $found questions"

# build-loop twice: the first builds the ordinary way and keeps the pool, the second answers
# without SQLAlchemy (cli/quick_loop.py) from what the bundle carries; both say the same.
role=$(printf '%s' "$roles_json" | "$PYTHON" -c "import json, sys; print(json.load(sys.stdin)[0]['id'])")
args=(build-loop --role "$role" --interviewers 2 --count 3 --seed 1 --json)
first=$(run) || fail "build-loop exited $?: $first"
again=$(run) || fail "build-loop (again) exited $?: $again"
sets=$(printf '%s' "$first" | "$PYTHON" -c "import json, sys; print(len(json.load(sys.stdin)['interviews']))")
[ "$sets" = 2 ] || fail "build-loop built $sets interviews, not 2"
[ "$first" = "$again" ] || fail "build-loop answered differently the second time"
echo "smoke: ok build-loop: 2 interviews for $role, the same the second time"

# Insight computes with numpy: a bundle without it would fail only on that page.
args=(insight reliability --json)
got=$(run) || fail "insight exited $?: $got"
echo "smoke: ok insight: the statistics run from the bundle"

args=(gui)
got=$(run QT_QPA_PLATFORM=offscreen INTERVIEW_DESK_QUIT_AFTER_SHOWN=1 2>&1) || fail "gui exited $?: $got"
case "$got" in *"main window shown"*) ;; *) fail "gui did not show its window: $got" ;; esac
echo "smoke: ok gui: main window shown (offscreen)"
