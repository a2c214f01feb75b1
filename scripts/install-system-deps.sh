#!/usr/bin/env bash
# Install the Debian packages Podium's tests use: Chromium (browser tests, driven by
# Playwright), LibreOffice Impress + poppler-utils (open the built .pptx as a real client),
# Pandoc (writes the .pptx and Markdown decks the import tests read: decks Podium did not
# write), and the metric-compatible fonts the text measurer and the renderers share.
set -euo pipefail

PACKAGES=(chromium libreoffice-impress poppler-utils pandoc fonts-crosextra-carlito
          fonts-liberation2 fonts-dejavu-core fonts-noto-cjk)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
