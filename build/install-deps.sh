#!/usr/bin/env bash
# Installs the Debian packages the tests need, if they are missing: dataset-fashion-mnist (the real Fashion-MNIST
# IDX files under /usr/share/datasets/fashion-mnist) and chromium (the headless browser the HTML report tests open;
# a large package, so only a file test decides whether it is there). Uses sudo when not root. Safe to run again: it
# does nothing, without calling apt, when everything is there.
set -euo pipefail
missing=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${missing[*]} and no apt-get here; install them by hand (see README.md)." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
