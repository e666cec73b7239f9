#!/usr/bin/env bash
# Installs the Debian packages the tests drive (Chromium for the end-to-end pane, xmllint for the
# offline manifest check, LibreOffice Calc and poppler's pdftotext to open and print the workbooks
# we produce, and the fonts they print with), only when they are missing, so running it twice
# costs nothing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# Calibri's metrics (Excel's default font, which sets the column widths) and Times New Roman's, so
# LibreOffice lays out and prints our workbooks as Excel does.
fc-list 2>/dev/null | grep -q Carlito || missing+=(fonts-crosextra-carlito)
fc-list 2>/dev/null | grep -q 'Liberation Serif' || missing+=(fonts-liberation2)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]} (install them with apt-get as root);" \
    "the tests that need them are skipped" >&2
  # In CI a skipped end-to-end test would hide a broken pane: fail instead.
  [ -n "${CI:-}" ] && exit 1
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
}
