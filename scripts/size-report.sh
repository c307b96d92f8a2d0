#!/usr/bin/env sh
# Prints every file of a build folder (default dist/) with its raw and gzip
# sizes in bytes, and the totals: what a browser transfers. Informational:
# it never fails the build.
dir="${1:-dist}"
if [ ! -d "$dir" ]; then
  echo "size report: no $dir/ (run a release build first)"
  exit 0
fi
echo "size report for $dir/ (bytes)"
printf '%12s %12s  %s\n' raw gzip file
find "$dir" -type f | LC_ALL=C sort | while IFS= read -r file; do
  raw=$(wc -c <"$file" | tr -d ' ')
  gz=$(gzip -9 -c "$file" | wc -c | tr -d ' ')
  printf '%12s %12s  %s\n' "$raw" "$gz" "${file#"$dir"/}"
done | awk '{ print; raw += $1; gz += $2 } END { printf "%12d %12d  total\n", raw, gz }'
exit 0
