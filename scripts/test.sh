#!/usr/bin/env bash
# `make test`: lint, types, the suite on SQLite (with the browser tests), then on a throwaway PostgreSQL.
#
# Every step runs even when an earlier one failed, so one run shows everything; the exit code is 1 if
# any step failed. Extra arguments go to both pytest runs (make test PYTEST_ARGS="-k transfer").
# PYTEST_WORKERS (default 2) sets pytest-xdist's -n; 0 runs in one process.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DANGVU_HOME="$PWD"
# Playwright's sync API runs an event loop in the test thread; the ORM must stay usable there.
export DJANGO_ALLOW_ASYNC_UNSAFE=true
# mypy's Django plugin loads the settings outside pytest: a key that only ever signs test data.
export DANGVU_SECRET_KEY="${DANGVU_SECRET_KEY:-tests-only-not-a-secret}"
BIN=.venv/bin
LOGS=var/test-logs
mkdir -p "$LOGS" var/static  # var/static: STATIC_ROOT; whitenoise warns on every request when it is missing
WORKERS="${PYTEST_WORKERS:-2}"
xdist=()
[ "$WORKERS" != 0 ] && xdist=(-n "$WORKERS")
# shellcheck disable=SC2206
extra=(${PYTEST_ARGS:-} "$@")

declare -a names results
t0=$(date +%s)
step() {  # step NAME LOG COMMAND...: run, keep the output in LOG, remember a one-line summary
    local name=$1 log=$2 start rc summary
    shift 2
    echo
    echo "==> $name: $*"
    start=$(date +%s)
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    # pytest's final line ("12 passed, 1 failed in 3.2s"), else the tool's last line ("Found 3 errors.").
    summary=$(grep -E '[0-9]+ (passed|failed|error|errors|skipped|deselected)|no tests ran' "$log" | tail -1 \
        | sed -E 's/^=+ //; s/ =+$//')
    [ -n "$summary" ] || summary=$(grep -v '^[[:space:]]*$' "$log" | tail -1)
    summary="${summary:-exit $rc}"
    names+=("$name")
    if [ "$rc" = 0 ]; then results+=("ok    $(( $(date +%s) - start ))s  $summary"); else results+=("FAIL  $(( $(date +%s) - start ))s  $summary"); fi
    return 0
}

lint_paths=()
for d in src tests bench; do [ -d "$d" ] && lint_paths+=("$d"); done

step "ruff check" "$LOGS/ruff.log" "$BIN/ruff" check --output-format concise "${lint_paths[@]}"
step "mypy" "$LOGS/mypy.log" "$BIN/mypy" src tests
# The layers (pyproject.toml [tool.importlinter]): an upward import fails here, naming the chain.
step "import contracts" "$LOGS/imports.log" "$BIN/lint-imports" --no-cache
# The browser tests drive Debian's Chromium (.ci/run installs it); without it they are left out, loudly.
browser=()
if [ ! -x /usr/bin/chromium ]; then
    browser=(-m "not browser")
    echo "NOTE: /usr/bin/chromium not found: browser tests skipped (apt-get install chromium)" >&2
fi
step "pytest (SQLite)" "$LOGS/sqlite.log" \
    "$BIN/pytest" "${xdist[@]}" -ra "${browser[@]}" "${extra[@]}"

# Stop the PostgreSQL server at the end only if this run started it (make testdb-start keeps one up).
if scripts/testdb.sh status >/dev/null 2>&1; then started_db=0; else started_db=1; fi
if url=$(scripts/testdb.sh start); then
    [ "$started_db" = 1 ] && trap 'scripts/testdb.sh stop' EXIT
    step "pytest (PostgreSQL)" "$LOGS/postgresql.log" \
        env DATABASE_URL="$url" "$BIN/pytest" "${xdist[@]}" -ra -m "not browser" "${extra[@]}"
else
    names+=("pytest (PostgreSQL)"); results+=("FAIL  0s  could not start PostgreSQL (scripts/testdb.sh start)")
fi

# Formatting is reported, not enforced: parts of the tree predate `ruff format`.
unformatted=$("$BIN/ruff" format --check "${lint_paths[@]}" 2>/dev/null | grep -c '^Would reformat' || true)

echo
echo "==> Summary ($(( $(date +%s) - t0 ))s)"
failed=0
for i in "${!names[@]}"; do
    printf '  %-22s %s\n' "${names[$i]}" "${results[$i]}"
    case "${results[$i]}" in FAIL*) failed=1 ;; esac
done
[ ${#browser[@]} -gt 0 ] && printf '  %-22s %s\n' "browser tests" "SKIPPED: /usr/bin/chromium not installed"
[ "$unformatted" != 0 ] && printf '  %-22s %s\n' "ruff format" "note: $unformatted file(s) not formatted (not enforced)"
exit $failed
