#!/usr/bin/env sh
# Prints every file of a build folder (default dist/) with its raw, gzip and
# brotli sizes in bytes, and the totals: what a browser transfers (the brotli
# column is the copy scripts/compress-dist.js wrote, which the server sends to
# browsers that accept brotli; "-" when there is none). The precompressed
# copies themselves are not listed. The gzip total has
# a ceiling of 800 KB (800,000 bytes); above it the report says so and fails.
# What people feel is the time to the first finding (`make bench-web`); the
# ceiling only keeps the download from growing unnoticed.
dir="${1:-dist}"
ceiling=800000
if [ ! -d "$dir" ]; then
  echo "size report: no $dir/ (run a release build first)"
  exit 0
fi
echo "size report for $dir/ (bytes)"
printf '%12s %12s %12s  %s\n' raw gzip brotli file
find "$dir" -path "$dir/.stage" -prune -o -type f ! -name '*.br' ! -name '*.gz' -print | LC_ALL=C sort | while IFS= read -r file; do
  raw=$(wc -c <"$file" | tr -d ' ')
  gz=$(gzip -9 -c "$file" | wc -c | tr -d ' ')
  if [ -f "$file.br" ]; then br=$(wc -c <"$file.br" | tr -d ' '); else br=-; fi
  printf '%12s %12s %12s  %s\n' "$raw" "$gz" "$br" "${file#"$dir"/}"
done | awk -v ceiling="$ceiling" '
  { print; raw += $1; gz += $2; br += ($3 == "-" ? $1 : $3) }
  END {
    printf "%12d %12d %12d  total\n", raw, gz, br
    if (gz > ceiling) {
      printf "gzip total %d bytes is over the ceiling of %d bytes (800 KB)\n", gz, ceiling
      exit 1
    }
    printf "gzip total %d bytes, under the ceiling of %d bytes (800 KB)\n", gz, ceiling
  }'
