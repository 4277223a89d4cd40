#!/usr/bin/env bash
# The README's first command: makes sure Fashion-MNIST is here, then runs every reproduction's quick profile.
# `netgeo data fetch fashion-mnist` finds Debian's package or the user's cache, or downloads the files from the
# dataset's mirrors; when no mirror answers (exit status 2) and apt-get is here, it installs Debian's package
# dataset-fashion-mnist instead (with sudo when not root): machines that reach a Debian mirror but not the internet.
# Extra arguments go to `netgeo reproduce` (e.g. --jobs 2). Exits with reproduce's status: 0 when every claim holds.
set -euo pipefail
cd "$(dirname "$0")"
netgeo=(dotnet run --project src/NetGeometry.Cli -c Release --)
fetched=0
"${netgeo[@]}" data fetch fashion-mnist || fetched=$?
if [ "$fetched" -ne 0 ]; then
  { [ "$fetched" -eq 2 ] && command -v apt-get >/dev/null 2>&1; } || exit "$fetched"
  echo "quickstart: installing Debian's package dataset-fashion-mnist instead" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null
fi
exec "${netgeo[@]}" reproduce --all --quick "$@"
