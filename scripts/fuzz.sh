#!/usr/bin/env bash
# Fuzzes every parser of untrusted input with libFuzzer: scripts/fuzz.sh [SECONDS per parser, default 60] [PARSER…].
# Builds the CitasFuzz target and its dependencies with -sanitize=fuzzer (release, in .build-fuzz), links the
# harness by hand (SwiftPM's executables bring their own `main`, libFuzzer needs its own), then runs each parser
# on its corpus in Fuzz/corpus/PARSER, keeping what adds coverage (minimised at the end). A crash stops the run,
# leaves the input in Fuzz/crashes/ and exits 1: turn it into a regression test. Prints one Markdown table row per
# parser (executions, seconds, executions/s, corpus size).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
parsers=("$@")
if [ ${#parsers[@]} -eq 0 ]; then parsers=(curp email amount date csv plan form names folio mrz tlv jpeg sod pki proof typed); fi

# CITAS_FUZZ_PREBUILT=1 reuses the binary, so several runs over different parsers can share the cores.
if [ "${CITAS_FUZZ_PREBUILT:-0}" != 1 ]; then
  swift build -c release --scratch-path .build-fuzz --target CitasFuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library >&2
  # A source renamed or deleted leaves its object behind, which would be linked beside its successor: keep only
  # the Swift objects each module's output-file-map still names.
  for map in .build-fuzz/release/*.build/output-file-map.json; do
    for object in "$(dirname "$map")"/*.swift.o; do
      [ -e "$object" ] || continue
      grep -qF "/$(basename "$object")\"" "$map" || rm -f "$object"
    done
  done
  # Object files of the harness's dependency closure (the only targets built here); some names hold spaces.
  mapfile -t objects < <(find .build-fuzz/release/ -path '*.build/*.o' -not -path '*/CitasFuzz.build/*')
  swiftc -sanitize=fuzzer -emit-executable -o .build-fuzz/citas-fuzz .build-fuzz/release/CitasFuzz.build/*.o "${objects[@]}" >&2
fi

mkdir -p Fuzz/crashes
echo "| parser | executions | seconds | executions/s | corpus files |"
echo "|---|---:|---:|---:|---:|"
for parser in "${parsers[@]}"; do
  corpus="Fuzz/corpus/$parser"
  mkdir -p "$corpus"
  log=$(mktemp)
  # SWIFT_BACKTRACE off: libFuzzer must see the trap itself to write the crashing input.
  if ! SWIFT_BACKTRACE=enable=no CITAS_FUZZ_PARSER="$parser" .build-fuzz/citas-fuzz "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="Fuzz/crashes/$parser-" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $parser crashed; the input is in Fuzz/crashes/" >&2
    exit 1
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  # Keep the corpus small: only inputs that add coverage stay.
  minimised=$(mktemp -d)
  CITAS_FUZZ_PARSER="$parser" .build-fuzz/citas-fuzz -merge=1 "$minimised" "$corpus" >/dev/null 2>&1 || true
  rm -rf "$corpus" && mv "$minimised" "$corpus"
  echo "| $parser | $runs | $seconds | $((runs / seconds)) | $(ls "$corpus" | wc -l) |"
  rm -f "$log"
done
