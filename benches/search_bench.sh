#!/usr/bin/env bash
# Search benchmark, kilavuz vs Pagefind, on the shared corpus generator. Not a test: run by hand
# (`bash benches/search_bench.sh [PAGES]`, default 1000 pages per locale); CI does not run it.
# Reports index build time (kilavuz: build time minus the same build with every page excluded
# by `search: {exclude: ["**"]}` in kilavuz.yaml, so that the two read the same files), index
# bytes on disk, bytes transferred for typical queries (gzip where a static host would compress)
# and cold query latency in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-1000}"
WORK="${BENCH_DIR:-/tmp/kilavuz-search-bench}"
GEN="${GEN_CORPUS:-../shared/bench/gen_corpus.py}"
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_corpus.py
# The previous run's files are moved aside now and deleted at the end: deleting thousands of files
# would make the files this run creates in the next minute cost several times more (ext4).
TRASH="$WORK.trash"
rm -rf "$TRASH" && if [ -e "$WORK" ]; then mv "$WORK" "$TRASH"; fi
mkdir -p "$WORK"

python3 "$GEN" --pages "$PAGES" --out "$WORK/corpus" --layouts neutral >/dev/null
SITE="$WORK/corpus/neutral"
cat > "$SITE/kilavuz.yaml" <<'YAML'
title: Bench
default_locale: en-US
locales:
  - {code: en-US, name: English}
  - {code: tr-TR, name: Türkçe}
YAML
cp -r "$SITE" "$WORK/nosearch"
echo 'search: {exclude: ["**"]}' >> "$WORK/nosearch/kilavuz.yaml"

cargo build --release -q
now() { date +%s.%N; }
wall() { # wall time of one run of a command, in seconds, after a sync: the kernel would
  # otherwise write back earlier runs' files on the same cores while this one runs
  local t0 t1
  sync
  t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
  echo "$t1 - $t0" | bc
}
smaller() { if (( $(echo "$1 < $2" | bc) )); then echo "$1"; else echo "$2"; fi; }
best_of() { # best of 3 wall times of a command, in seconds
  local best=999999
  for _ in 1 2 3; do best=$(smaller "$(wall "$@")" "$best"); done
  echo "$best"
}
# Every build goes into a fresh folder, as in bench.py: a build into its previous output removes
# that output's files, and on ext4 files created within a minute of thousands being deleted cost
# several times more, which would charge the next build for the previous one's cleanup.
fresh() { mktemp -u "$WORK/run-XXXXXX"; }
T_FULL=999999 T_NOSEARCH=999999 C_FULL=999999 C_NOSEARCH=999999
for _ in 1 2 3; do # in turns, so that both see the machine alike; the best of three of each
  t=$(wall /usr/bin/time -f "%U %S" -o "$WORK/cpu" target/release/kilavuz build "$SITE" --out "$(fresh)")
  T_FULL=$(smaller "$t" "$T_FULL"); C_FULL=$(smaller "$(awk '{print $1 + $2}' "$WORK/cpu")" "$C_FULL")
  t=$(wall /usr/bin/time -f "%U %S" -o "$WORK/cpu" target/release/kilavuz build "$WORK/nosearch" --out "$(fresh)")
  T_NOSEARCH=$(smaller "$t" "$T_NOSEARCH"); C_NOSEARCH=$(smaller "$(awk '{print $1 + $2}' "$WORK/cpu")" "$C_NOSEARCH")
done
target/release/kilavuz build "$SITE" --out "$WORK/out" >/dev/null

mkdir -p "$WORK/pf" && (cd "$WORK/pf" && npm install --silent --no-audit --no-fund pagefind@1 >/dev/null)
PF="$WORK/pf/node_modules/.bin/pagefind"
cp -r "$WORK/out" "$WORK/out-pf"
T_PF=$(best_of "$PF" --site "$WORK/out-pf")
/usr/bin/time -f "%M" -o "$WORK/pf.rss" "$PF" --site "$WORK/out-pf" >/dev/null 2>&1 || true

KB=$(du -sb "$WORK/out/en-us/_search" "$WORK/out/tr-tr/_search" | awk '{s+=$1} END {print s}')
PB=$(du -sb "$WORK/out-pf/pagefind" | awk '{print $1}')
echo "pages per locale: $PAGES"
echo "kilavuz site build (with search):  ${T_FULL}s; without search: ${T_NOSEARCH}s"
echo "kilavuz index build:               $(echo "$T_FULL - $T_NOSEARCH" | bc)s"
echo "kilavuz CPU (user+sys):            ${C_FULL}s with search, ${C_NOSEARCH}s without"
echo "pagefind index build:              ${T_PF}s, max RSS $(( $(cat "$WORK/pf.rss" 2>/dev/null || echo 0) / 1024 )) MiB"
echo "index bytes on disk:               kilavuz $KB, pagefind $PB"
node benches/search_queries.mjs "$WORK/out" "$WORK/out-pf"
rm -rf "$TRASH"
