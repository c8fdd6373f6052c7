#!/usr/bin/env bash
# What the browser tests need from the system: Debian's Chromium and a CJK font (without one, Chinese
# renders as boxes in screenshots). Playwright drives /usr/bin/chromium; it never downloads a browser.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "site/install-browser.sh: need root to install ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
