#!/usr/bin/env bash
# Look at an exported plan: the .docx to PDF with LibreOffice headless, the
# first page to PNG with pdftoppm.
#
#   scripts/render-docx.sh PLAN.docx [OUT_DIR]     -> OUT_DIR/PLAN.pdf, OUT_DIR/PLAN-1.png
#   scripts/render-docx.sh --plan 2022/wangchang-cppcc-plan [OUT_DIR]
#       exports the example plan first (needs cargo; uses a temporary workspace)
#
# Needs: libreoffice (libreoffice-writer), pdftoppm (poppler-utils) and CJK
# fonts (fonts-noto-cjk), e.g. apt-get install -y libreoffice-writer poppler-utils fonts-noto-cjk
set -euo pipefail

die() { echo "render-docx: $*" >&2; exit 1; }

for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install -y libreoffice-writer poppler-utils fonts-noto-cjk)"
done

if [[ "${1:-}" == "--plan" ]]; then
  plan="${2:?--plan needs a plan id, such as 2022/wangchang-cppcc-plan}"
  out="${3:-.}"
  mkdir -p "$out"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cd "$(dirname "$0")/.."
  export GIT_AUTHOR_NAME=render GIT_AUTHOR_EMAIL=render@example.org
  export GIT_COMMITTER_NAME=render GIT_COMMITTER_EMAIL=render@example.org
  cargo run --quiet -- init "$work/ws" --examples >/dev/null
  file="$out/$(basename "$plan").docx"
  cargo run --quiet -- --repo "$work/ws" export "$plan" --format docx -o "$file"
  set -- "$file" "$out"
fi

docx="${1:?usage: render-docx.sh FILE.docx [OUT_DIR] | --plan PLAN [OUT_DIR]}"
[[ -f "$docx" ]] || die "$docx: no such file"
out="${2:-$(dirname "$docx")}"
mkdir -p "$out"
name="$(basename "${docx%.*}")"

# A profile of its own, so a running LibreOffice or a first-start dialog does not interfere.
profile="$(mktemp -d)"
trap 'rm -rf "$profile" ${work:+"$work"}' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null
[[ -f "$out/$name.pdf" ]] || die "LibreOffice did not write $out/$name.pdf"
pdftoppm -png -r 80 -f 1 -l 1 "$out/$name.pdf" "$out/$name"
# pdftoppm numbers the page, with leading zeros when the document is long.
png="$(ls "$out/$name"-*1.png | head -n 1)"
echo "$out/$name.pdf"
echo "$png"
