#!/usr/bin/env bash
# Publishes Sonae as one self-contained file that runs alone from an empty folder (no .NET installed).
#   ./publish.sh linux-x64        -> publish/linux-x64/sonae
#   ./publish.sh linux-arm64      -> publish/linux-arm64/sonae
#   ./publish.sh win-x64          -> publish/win-x64/sonae.exe
#   ./publish.sh linux-x64 DIR    -> DIR/sonae
# PUBLISH_READY_TO_RUN=false skips compiling ahead (ReadyToRun): a publish several times faster, a slower start; the
# tests use it.
# The file carries the runtime, native SQLite, appsettings.json and every stylesheet and script the pages use; the
# .NET host extracts them on first start into DOTNET_BUNDLE_EXTRACT_BASE_DIR (default ~/.net). See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")"
rid=${1:-}
case "$rid" in
  linux-x64|linux-arm64|win-x64) ;;
  *) echo "usage: ./publish.sh linux-x64|linux-arm64|win-x64 [output folder]" >&2; exit 2 ;;
esac
if [ -n "${2:-}" ]; then
  out=$2
  [ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || { echo "$out is not empty" >&2; exit 2; }
else
  out="publish/$rid"
  rm -rf "$out"
fi
# The single-file settings (self-contained, bundled content, ReadyToRun) are in src/Sonae.Web/Sonae.Web.csproj.
dotnet publish src/Sonae.Web/Sonae.Web.csproj -c Release -r "$rid" -p:PublishSingleFile=true \
  -p:PublishReadyToRun="${PUBLISH_READY_TO_RUN:-true}" -o "$out" -nologo -v quiet -clp:ErrorsOnly
file="$out/sonae"; [ "$rid" = win-x64 ] && file="$out/sonae.exe"
extra=$(find "$out" -mindepth 1 ! -path "$file")
[ -z "$extra" ] || { echo "publish left files beside the executable (they must be inside it):" >&2; echo "$extra" >&2; exit 1; }
echo "$file ($(du -m "$file" | cut -f1) MB)"
