#!/usr/bin/env bash
# bench/run.sh: one benchmark run of tenantvet against go vet and staticcheck on a generated
# module. Usage: bench/run.sh   (environment: OUT, SEED, PACKAGES, RUNTIME, PAIRS; see bench/README.md)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$REPO/bench/out}
SEED=${SEED:-1}
PACKAGES=${PACKAGES:-320}
RUNTIME=${RUNTIME:-auto} # bench/gen -runtime: all, auto, none or a list
PAIRS=${PAIRS:-3}        # extra alternating cold runs of go vet and the vettool, for a steadier ratio
MOD=$OUT/mod
CACHES=$OUT/cache
LOGS=$OUT/logs
TSV=$OUT/results.tsv
MD=$OUT/results.md

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
MOD=$OUT/mod CACHES=$OUT/cache LOGS=$OUT/logs TSV=$OUT/results.tsv MD=$OUT/results.md
rm -rf "$CACHES" "$LOGS"
mkdir -p "$CACHES" "$LOGS"
: >"$TSV"
NOTES=$OUT/notes.txt
: >"$NOTES"
note() { echo "$*"; echo "- $*" >>"$NOTES"; }
step() { echo "== $*"; }
START=$(date +%s)

cd "$REPO"
step "build the harness tools"
go build -o "$OUT/measure" ./bench/measure
go build -o "$OUT/gen" ./bench/gen
MEASURE=$OUT/measure

TV=""
step "build tenantvet"
if go build -o "$OUT/tenantvet" ./cmd/tenantvet 2>"$LOGS/build-tenantvet.log"; then
	TV=$OUT/tenantvet
else
	note "tenantvet does not build (see logs/build-tenantvet.log): its rows are skipped"
fi

SC=$(command -v staticcheck || true)

generate() {
	"$OUT/gen" -seed "$SEED" -out "$MOD" -packages "$PACKAGES" -runtime "$1" -tenantvet "$REPO" | tee "$OUT/gen.txt"
	cp "$REPO/go.sum" "$MOD/go.sum" # known hashes; tidy drops what the module does not need
	(cd "$MOD" && GOFLAGS="${GOFLAGS:-} -mod=mod" go mod tidy)
}

step "generate the module (seed $SEED, >= $PACKAGES packages, runtime $RUNTIME)"
generate "$RUNTIME"

# A private build cache, warmed once by compiling the whole module (std, pgx, the runtime and
# every generated package). Each cold measurement starts from a fresh copy of it, so compile
# work is excluded equally for every tool and only analysis (and its own caches) is measured.
BASE=$CACHES/base
step "warm the module download and the build cache"
(cd "$MOD" && go mod download)
if ! (cd "$MOD" && GOCACHE=$BASE go build ./... >"$LOGS/warm-build.log" 2>&1); then
	if [ "$RUNTIME" != none ]; then
		note "the module does not build against tenantvet's runtime (-runtime $RUNTIME, see logs/warm-build.log); regenerated with local runtime stand-ins (-runtime none)"
		cp "$LOGS/warm-build.log" "$LOGS/warm-build-runtime.log"
		RUNTIME=none
		generate none
		(cd "$MOD" && GOCACHE=$BASE go build ./... >"$LOGS/warm-build.log" 2>&1)
	else
		echo "the generated module does not build: see $LOGS/warm-build.log" >&2
		exit 1
	fi
fi
note "module: $(sed 's/^gen: [^:]*: //' "$OUT/gen.txt"); runtime packages from tenantvet: $(sed -n 's/^runtime=//p' "$MOD/BENCH_MANIFEST")"

export GOPROXY=off # everything is downloaded now; measurements must not touch the network
LEAF=$(sed -n 's/^edit.leaf=//p' "$MOD/BENCH_MANIFEST")
WIDE=$(sed -n 's/^edit.base=//p' "$MOD/BENCH_MANIFEST")

# measure NAME CMD...: one measurement with the current GOCACHE/TENANTVET_CACHE environment.
measure() {
	local name=$1
	shift
	local log
	log=$(logof "$name")
	(cd "$MOD" && "$MEASURE" -name "$name" -tsv "$TSV" -log "$log" -- "$@")
	local code
	code=$(tail -n 1 "$TSV" | cut -f2)
	if [ "$code" -gt 1 ]; then
		note "$name exited $code (0 and 1 = findings are expected): see logs/$(basename "$log")"
	fi
}

# fresh NAME: point GOCACHE, TENANTVET_CACHE and STATICCHECK_CACHE at fresh directories
# (GOCACHE a copy of the warmed build cache).
fresh() {
	local d=$CACHES/$1
	rm -rf "$d"
	mkdir -p "$d"
	cp -a "$BASE" "$d/go"
	export GOCACHE=$d/go TENANTVET_CACHE=$d/tenantvet STATICCHECK_CACHE=$d/staticcheck XDG_CACHE_HOME=$d/xdg
	sync
}
drop() { rm -rf "$CACHES/$1"; }

EDITS=0
edit() { # append an exported function: the package's API changes, so dependents must be re-analysed
	EDITS=$((EDITS + 1))
	cp "$MOD/$1" "$CACHES/edit.orig"
	printf '\n// BenchEdit%d was appended by bench/run.sh.\nfunc BenchEdit%d() int { return %d }\n' "$EDITS" "$EDITS" "$EDITS" >>"$MOD/$1"
}
restore() { cp "$CACHES/edit.orig" "$MOD/$1"; }
logof() { echo "$LOGS/$(echo "$1" | tr -cs 'A-Za-z0-9\n' '_' | sed 's/_$//').log"; }
stats() { grep -h 'cache:' "$(logof "$1")" | tail -n 1 | sed 's/^tenantvet: //' || true; }
# dependents PKGDIR: how many packages of the module import PKGDIR directly or indirectly.
dependents() {
	(cd "$MOD" && GOCACHE=$BASE go list -f '{{.ImportPath}} {{join .Deps " "}}' ./... | grep -c " example.com/saasbench/$1\( \|\$\)") || true
}

step "measure"
note "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine skew wall times)"
fresh govet
measure "go vet ./... (cold)" go vet ./...
measure "go vet ./... (warm, nothing changed)" go vet ./...
drop govet

if [ -n "$TV" ]; then
	fresh vettool
	measure "go vet -vettool=tenantvet ./... (cold)" go vet -vettool="$TV" ./...
	drop vettool

	fresh tenantvet
	measure "tenantvet ./... (cold)" "$TV" -stats ./...
	measure "tenantvet ./... (warm, nothing changed)" "$TV" -stats ./...
	edit "$LEAF"
	measure "tenantvet ./... (warm, leaf package edited)" "$TV" -stats ./...
	restore "$LEAF"
	(cd "$MOD" && "$TV" ./... >/dev/null 2>&1) || true # re-warm after the restore, not measured
	edit "$WIDE"
	measure "tenantvet ./... (warm, widely imported package edited)" "$TV" -stats ./...
	restore "$WIDE"
	drop tenantvet

	measure "tenantvet sql migrations" "$TV" sql migrations

	# The vettool ratio compares two runs of about ten seconds each, which the machine's load
	# moves by tens of percent. Alternate more cold pairs and report every ratio and the median.
	if [ "$PAIRS" -gt 0 ]; then
		PT=$OUT/pairs.tsv
		: >"$PT"
		for i in $(seq "$PAIRS"); do
			fresh pair
			(cd "$MOD" && "$MEASURE" -name "go vet $i" -tsv "$PT" -log "$LOGS/pair-vet-$i.log" -- go vet ./...)
			drop pair
			fresh pair
			(cd "$MOD" && "$MEASURE" -name "vettool $i" -tsv "$PT" -log "$LOGS/pair-vettool-$i.log" -- go vet -vettool="$TV" ./...)
			drop pair
		done
		ratios=$(awk -F'\t' '$1 ~ /^go vet / {v[substr($1, 8)]=$3} $1 ~ /^vettool / {printf "%.2f\n", $3/v[substr($1, 9)]}' "$PT")
		median=$(echo "$ratios" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
		note "go vet -vettool=tenantvet / go vet, cold, $PAIRS more alternating pairs: $(echo "$ratios" | sed 's/$/x/' | paste -sd, - | sed 's/,/, /g') (median ${median}x)"
	fi

	# How many packages each edit should re-analyse: the edited package and its dependents.
	note "tenantvet cold run: $(stats "tenantvet ./... (cold)")"
	note "nothing changed: $(stats "tenantvet ./... (warm, nothing changed)")"
	note "leaf edit ($(dirname "$LEAF"); expected: it + $(dependents "$(dirname "$LEAF")") dependents): $(stats "tenantvet ./... (warm, leaf package edited)")"
	note "wide edit ($(dirname "$WIDE"); expected: it + $(dependents "$(dirname "$WIDE")") dependents): $(stats "tenantvet ./... (warm, widely imported package edited)")"
	note "seeded leaks (BENCH_MANIFEST): $(awk '/^leak / {print $2}' "$MOD/BENCH_MANIFEST" | sort | uniq -c | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}')"
	note "findings per rule (standalone cold run and tenantvet sql): $(cat "$(logof "tenantvet ./... (cold)")" "$(logof "tenantvet sql migrations")" | grep -o '(TV[0-9]*)$' | tr -d '()' | sort | uniq -c | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}')"
fi

if [ -n "$SC" ]; then
	fresh staticcheck
	measure "staticcheck ./... (cold)" "$SC" ./...
	drop staticcheck
	note "staticcheck: $("$SC" -version 2>/dev/null || echo unknown)"
else
	note "staticcheck ./... (cold): skipped: not installed (go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)"
fi
rm -rf "$CACHES"
note "load average after measuring: $(cut -d' ' -f1-3 /proc/loadavg)"

END=$(date +%s)
{
	echo "# tenantvet benchmark"
	echo
	echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), tenantvet $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown), $(go version | cut -d' ' -f3-), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), seed $SEED, harness $((END - START)) s"
	echo
	"$MEASURE" -report "$TSV" -base "go vet ./... (cold)"
	echo
	echo "Cold = fresh copy of a build cache warmed with \`go build ./...\` and empty tool caches. Exit 1 = findings."
	echo
	cat "$NOTES"
} >"$MD"
echo
cat "$MD"
echo
echo "written: $MD"
