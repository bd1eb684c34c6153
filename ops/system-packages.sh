#!/usr/bin/env bash
# Installs the Debian packages Wenshu needs outside its Python venv.
#
# Idempotent: every package is checked with dpkg-query first and apt is not
# touched at all when nothing is missing, so a warm run takes well under a second.
#
#   tesseract-ocr + chi_sim/chi_tra/eng  OCR engine used by ocrmypdf (osd comes
#                                        with tesseract-ocr; --rotate-pages needs it)
#   ghostscript                          ocrmypdf rasterising + PDF/A output
#   qpdf, pngquant, unpaper              optional ocrmypdf helpers (--optimize, --clean)
#   poppler-utils                        pdftotext/pdftoppm, used by tests and debugging
#   fonts-noto-cjk                       CJK glyphs for rendering previews/test fixtures
#   postgresql                           Debian's PostgreSQL 15 (ops/postgres.sh runs a
#                                        private cluster with its binaries)
#   libmagic1                            runtime library behind python-magic
#   curl                                 health checks in ops/*.sh
# Java and Maven (for ops/tika.sh) are only added if their commands are missing,
# since the machine normally ships its own JDK.
#
# ocrmypdf itself is pip-installed in the project venv, not from apt (Debian 12's
# python3-ocrmypdf is far older than what we pin).
set -euo pipefail

PACKAGES=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra
  ghostscript qpdf pngquant unpaper poppler-utils
  fonts-noto-cjk
  postgresql
  libmagic1
  curl ca-certificates
)
command -v java >/dev/null 2>&1 || PACKAGES+=(openjdk-17-jre-headless)
command -v mvn  >/dev/null 2>&1 || PACKAGES+=(maven)

missing=()
for pkg in "${PACKAGES[@]}"; do
  # db:Status-Status is exactly "installed" only for fully configured packages
  # (not "config-files" left over after a remove).
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "system-packages: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if ((EUID != 0)); then
  command -v sudo >/dev/null 2>&1 || { echo "system-packages: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi

echo "system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# One update per run that actually installs something; apt's lists may be stale
# or absent on a fresh machine.
"${SUDO[@]}" apt-get update -q
# --no-install-recommends keeps out e.g. the X/GUI bits some of these recommend;
# everything we rely on is a hard dependency or listed above.
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

# Fail loudly if apt claimed success but something is still not installed.
for pkg in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || { echo "system-packages: $pkg still not installed" >&2; exit 1; }
done
echo "system-packages: done"
