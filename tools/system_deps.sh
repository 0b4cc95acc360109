#!/usr/bin/env bash
# The Debian packages the tests use, installed when missing (as root, or with sudo):
#   LibreOffice converts .doc/.wps for the Word reader (the .doc samples are converted in the tests);
#   CJK fonts render pages; headless Chromium renders the review page (tests/test_review.py).
# Without root or sudo it says what is missing and leaves it to you.
set -euo pipefail
packages=()
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
[ "${#packages[@]}" -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system_deps: missing ${packages[*]}: install them with apt-get (the tests need them)" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
