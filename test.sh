#!/usr/bin/env bash
# Sonae's one test command: installs what the tests need when it is missing, builds, runs every suite
# (Core, then Web on SQLite and PostgreSQL with the CLI, then the pages in real Chromium) and ends with
#   tests: N passed, M failed
# It exits non-zero when anything fails. See README.md.
#
#   ./test.sh --fast   the inner loop: the same build, then every suite but the end-to-end one (real Chromium) and
#                      without PostgreSQL (its test classes are left out), in a few minutes; the full run stays the
#                      one CI and the README use.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

fast=false
case "${1:-}" in
  "") ;;
  --fast) fast=true ;;
  *) echo "usage: ./test.sh [--fast]"; exit 2 ;;
esac

log() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- what the tests need
need_apt=()
$fast || command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
$fast || command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)      # sonae backup/restore on PostgreSQL: pg_dump, pg_restore
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)                                  # the end-to-end tests' browser, the PDFs' printer
dpkg -s python3-aiosmtpd >/dev/null 2>&1 || need_apt+=(python3-aiosmtpd)           # the delivery tests' real SMTP server
command -v prometheus-alertmanager >/dev/null 2>&1 || need_apt+=(prometheus-alertmanager)   # the monitoring tests' real Alertmanager
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)             # Japanese in screenshots
dpkg -s fonts-ipaexfont >/dev/null 2>&1 || need_apt+=(fonts-ipaexfont)           # the binder PDF's embedded font
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)                 # reading the PDFs back (fonts, pages)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)   # deploy/cluster.sh and bench part 10: the load balancer in front of several servers
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)                     # reading the poster's QR code back
command -v npm >/dev/null 2>&1 || need_apt+=(npm)                                # installs Redocly's OpenAPI linter
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)                # verifies deploy/sonae.service
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)                            # loopback in the single file's network namespace
command -v curl >/dev/null 2>&1 || need_apt+=(curl)                              # requests inside that namespace
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null \
    || { echo "could not install ${need_apt[*]}"; exit 1; }
fi

# Redocly's linter for the OpenAPI document, at the version tools/redocly/package.json pins (OpenApiLintTests).
if [ ! -x tools/redocly/node_modules/.bin/redocly ]; then
  log "installing Redocly's OpenAPI linter into tools/redocly"
  npm install --prefix tools/redocly --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null \
    || { echo "could not install tools/redocly"; exit 1; }
fi

# The Dockerfile linter of Microsoft's Docker language service, pinned in tools/dockerfile-lint (DeployFileTests).
if [ ! -x tools/dockerfile-lint/node_modules/.bin/dockerfile-utils ]; then
  log "installing the Dockerfile linter into tools/dockerfile-lint"
  npm install --prefix tools/dockerfile-lint --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null \
    || { echo "could not install tools/dockerfile-lint"; exit 1; }
fi

# ---------------------------------------------------------------- a throwaway PostgreSQL on loopback (not with --fast)
start_postgres() {
  pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")
  pgport=${SONAE_TEST_PGPORT:-$(( 54300 + RANDOM % 500 ))}
  pgdir=$(mktemp -d /tmp/sonae-pg.XXXXXX)
  as_postgres() { if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$pgdir"; runuser -u postgres -- "$@"; else "$@"; fi; }
  stop_postgres() { as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$pgdir"; }
  trap stop_postgres EXIT
  log "starting PostgreSQL on 127.0.0.1:$pgport"
  chmod 755 "$pgdir"
  as_postgres "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null \
    && as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
         -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null \
    || { echo "PostgreSQL did not start:"; cat "$pgdir/server.log" 2>/dev/null; exit 1; }
  export SONAE_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
}
$fast || start_postgres

# ---------------------------------------------------------------- build and run every suite (--fast: a subset)
log "building"
dotnet build Sonae.slnx -c Release -nologo -v quiet -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
total_passed=0
total_failed=0
status=0
# --fast leaves out the end-to-end suite and every PostgreSQL test class (each is named Postgres…Tests).
fast_filter=()
$fast && fast_filter=(--filter "FullyQualifiedName!~.Postgres")
for project in tests/*/*.csproj; do
  suite=$(basename "$project" .csproj)
  if $fast && [ "$suite" = Sonae.EndToEnd.Tests ]; then continue; fi
  log "$suite"
  # The test servers copy every error they log here (with its exception); printed below if the suite fails.
  export SONAE_TEST_SERVER_LOG="$results/$suite-server-errors.log"
  mkdir -p "$results"
  suite_status=0
  dotnet test "$project" -c Release --no-build -nologo "${fast_filter[@]}" \
    --logger "trx;LogFileName=$suite.trx" --results-directory "$results" || suite_status=1
  if [ "$suite_status" -ne 0 ]; then
    status=1
    if [ -s "$SONAE_TEST_SERVER_LOG" ]; then
      echo "-- errors the $suite servers logged (last 300 lines of $SONAE_TEST_SERVER_LOG):"
      tail -n 300 "$SONAE_TEST_SERVER_LOG"
    fi
  fi
  trx="$results/$suite.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    errors=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    total_passed=$(( total_passed + ${passed:-0} ))
    total_failed=$(( total_failed + ${failed:-0} + ${errors:-0} ))
    echo "$suite: ${passed:-0} passed, $(( ${failed:-0} + ${errors:-0} )) failed"
  else
    echo "$suite: no results (the run did not finish)"
    total_failed=$(( total_failed + 1 ))
    status=1
  fi
done

[ "$total_failed" -eq 0 ] || status=1
$fast && echo "(--fast: without PostgreSQL and the end-to-end suite; ./test.sh runs everything)"
echo "tests: $total_passed passed, $total_failed failed"
exit $status
