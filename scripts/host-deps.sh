#!/usr/bin/env bash
# Make sure the Debian packages a step needs are installed; install the missing ones when we are root.
#
#   scripts/host-deps.sh build   # to create .venv and build PyICU: python3-venv, libicu-dev, pkg-config, g++
#   scripts/host-deps.sh test    # plus PostgreSQL (throwaway test server), Chromium, fonts, poppler-utils
#
# Installed packages are left alone, so this is quick on a machine that has everything.
set -euo pipefail

BUILD=(python3-venv python3-dev libicu-dev pkg-config g++ make)
TEST=(postgresql chromium fonts-noto-core fonts-dejavu poppler-utils)

case "${1:-build}" in
    build) wanted=("${BUILD[@]}") ;;
    test) wanted=("${BUILD[@]}" "${TEST[@]}") ;;
    *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null; then
    # Not Debian: we cannot check packages by name; check what PyICU's build needs and hope for the rest.
    if ! pkg-config --exists icu-i18n 2>/dev/null; then
        echo "host-deps: ICU development files not found (pkg-config icu-i18n); install ICU headers and pkg-config" >&2
        exit 1
    fi
    exit 0
fi

missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
    sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "host-deps: missing Debian packages: ${missing[*]}" >&2
    echo "host-deps: install them as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "host-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
