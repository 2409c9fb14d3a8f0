#!/usr/bin/env bash
# Debian packages evalkit needs beyond Python: a CJK font so figures render Chinese text.
# Installed with apt-get when we are root; otherwise say what to install and carry on
# (figures then fall back to a Latin font and Chinese labels show as boxes).
set -euo pipefail
packages=(fonts-wqy-microhei)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "evalkit: apt-get not found; install a CJK font yourself (${missing[*]} on Debian) so figures show Chinese text." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "evalkit: not root, skipping 'apt-get install ${missing[*]}'; run it as root so figures show Chinese text." >&2
  exit 0
fi
echo "evalkit: installing ${missing[*]} (CJK font for figures)"
apt-get update -qq >/dev/null || echo "evalkit: apt-get update failed; trying the install with the current lists" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
