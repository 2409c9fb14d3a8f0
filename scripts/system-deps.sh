#!/usr/bin/env bash
# Debian packages evalkit needs beyond Python.
#   scripts/system-deps.sh        a CJK font so figures render Chinese text (make reports)
#   scripts/system-deps.sh test   also Chromium, for the headless-browser check of the reports
# Installed with apt-get when we are root; otherwise say what to install and carry on
# (figures then fall back to a Latin font and Chinese labels show as boxes; the browser test
# skips and says why).
set -euo pipefail
packages=(fonts-wqy-microhei)
purpose="CJK font for figures"
if [ "${1:-}" = "test" ]; then
  packages+=(chromium)
  purpose="CJK font for figures, Chromium for the browser test"
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "evalkit: apt-get not found; install ${missing[*]} yourself ($purpose)." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "evalkit: not root, skipping 'apt-get install ${missing[*]}' ($purpose); run it as root." >&2
  exit 0
fi
echo "evalkit: installing ${missing[*]} ($purpose)"
apt-get update -qq >/dev/null || echo "evalkit: apt-get update failed; trying the install with the current lists" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
