#!/bin/sh
# Builds the port program as one fully static executable that starts on any
# Linux of its architecture, with no libc, libpcap or libseccomp installed:
# musl (Debian's musl-tools), and libpcap and libseccomp built here from
# Debian's source packages with musl, libpcap for Linux packet sockets only
# (no D-Bus, RDMA, Bluetooth, netmap, USB, DPDK, libnl).
#
#   native/static/build.sh [linux-x86_64]
#
# Result: native/static/out/TARGET/epcap and epcap.sha256 (its sha256, in
# hex). Incremental: libpcap and libseccomp are built once into
# native/static/work/TARGET/ (git-ignored; delete it to start again); the
# port is rebuilt when a native/*.c or *.h, native/Makefile (its source
# list), the root pom (its version) or this script is newer than it. When
# nothing is, it says so and exits 0 at once, so it can be called on every
# build. Serialized by a lock: two builds at once are safe.
#
# Needs: musl-tools, make, bison, flex, gperf, linux-libc-dev, dpkg-dev (for
# apt-get source); bin/install-deps installs them. As root it fetches the
# two source packages itself, adding a deb-src line for the archive the
# machine already uses (/etc/apt/sources.list.d/epcap-src.list) if apt
# has none; otherwise it says what to run.
set -eu

TARGET=${1:-linux-x86_64}
case $TARGET in
linux-x86_64) MULTIARCH=x86_64-linux-gnu MUSL_ARCH=x86_64 ;;
*)
  echo "build.sh: unsupported target '$TARGET' (supported: linux-x86_64)" >&2
  exit 2
  ;;
esac

STATIC=$(cd "$(dirname "$0")" && pwd)
NATIVE=$(dirname "$STATIC")
ROOT=$(dirname "$NATIVE")
WORK=$STATIC/work/$TARGET
OUT=$STATIC/out/$TARGET
BIN=$OUT/epcap
mkdir -p "$WORK" "$OUT"

# One build at a time (Maven and bin/test may both call this).
if command -v flock > /dev/null; then
  exec 9> "$WORK/.lock"
  flock 9
fi

say() { echo "static: $*"; }
die() {
  echo "static: $*" >&2
  exit 1
}

# The port's sources: the Makefile's COMMON_SRCS, plus the seccomp mode.
# Read from the Makefile text (not by running make, which would touch the
# glibc build's mode stamp).
SRCS="$(awk '/^COMMON_SRCS :=/ { f = 1; sub(/^COMMON_SRCS :=/, "") }
             f { l = $0; sub(/\\$/, "", l); printf "%s ", l; if ($0 !~ /\\$/) exit }' \
        "$NATIVE/Makefile") restrict_seccomp.c"
[ -n "$SRCS" ] || die "no COMMON_SRCS in $NATIVE/Makefile"

# version.h as the Makefile writes it (the version READY carries), written
# only when it changes; the glibc build shares it.
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml")
printf '#define EPCAP_VERSION "%s"\n' "${version:-unknown}" > "$WORK/version.h.new"
if cmp -s "$WORK/version.h.new" "$NATIVE/version.h"; then
  rm -f "$WORK/version.h.new"
else
  mv "$WORK/version.h.new" "$NATIVE/version.h"
fi

PREFIX=$WORK/prefix
LIBPCAP_A=$PREFIX/lib/libpcap.a
LIBSECCOMP_A=$PREFIX/lib/libseccomp.a

# Up to date: nothing to do, nothing else to check.
if [ -x "$BIN" ] && [ -s "$BIN.sha256" ] && [ -f "$LIBPCAP_A" ] && [ -f "$LIBSECCOMP_A" ] &&
   [ -z "$(find "$NATIVE" -maxdepth 1 \( -name '*.c' -o -name '*.h' -o -name Makefile \) -newer "$BIN")" ] &&
   [ -z "$(find "$ROOT/pom.xml" "$STATIC/build.sh" "$LIBPCAP_A" "$LIBSECCOMP_A" -newer "$BIN")" ]; then
  say "$BIN is up to date"
  exit 0
fi

# --- the toolchain ---------------------------------------------------------

missing=""
command -v musl-gcc > /dev/null || missing="$missing musl-gcc(musl-tools)"
# bison, flex (libpcap's grammar) and gperf (libseccomp's syscall table)
# only while the libraries are not built yet.
tools=make
[ -f "$LIBPCAP_A" ] || tools="$tools bison flex"
[ -f "$LIBSECCOMP_A" ] || tools="$tools gperf"
for t in $tools; do
  command -v $t > /dev/null || missing="$missing $t"
done
[ -d /usr/include/linux ] && [ -d "/usr/include/$MULTIARCH/asm" ] ||
  missing="$missing kernel-headers(linux-libc-dev)"
[ -z "$missing" ] ||
  die "missing:$missing; install with: apt-get install musl-tools make bison flex gperf linux-libc-dev dpkg-dev (or run bin/install-deps as root)"

# musl-gcc is gcc with a specs file; its specs cannot link a static PIE (it
# names Scrt1.o and a dynamic linker whatever the switches), so the same
# specs with rcrt1.o and the static-pie link switches for -static-pie.
MUSL_SPECS=$(sed -n 's/.*-specs "\([^"]*\)".*/\1/p' "$(command -v musl-gcc)")
[ -f "$MUSL_SPECS" ] || die "cannot find musl-gcc's specs file (read from $(command -v musl-gcc))"
REALGCC=$(sed -n 's/.*REALGCC:-\([^}]*\)}.*/\1/p' "$(command -v musl-gcc)")
REALGCC=${REALGCC:-gcc}
MUSL_LIB=$(dirname "$MUSL_SPECS")
MUSL_INC=$(sed -n 's/.*-isystem \([^ ]*musl[^ ]*\) .*/\1/p' "$MUSL_SPECS" | head -1)
[ -d "$MUSL_INC" ] && [ -f "$MUSL_LIB/rcrt1.o" ] || die "musl's headers or rcrt1.o not found next to $MUSL_SPECS"
SPECS=$WORK/musl-static-pie.specs
cat > "$SPECS.new" << EOF
%rename cpp_options old_cpp_options

*cpp_options:
-nostdinc -isystem $MUSL_INC -isystem include%s %(old_cpp_options)

*cc1:
%(cc1_cpu) -nostdinc -isystem $MUSL_INC -isystem include%s

*link_libgcc:
-L$MUSL_LIB -L .%s

*libgcc:
libgcc.a%s %:if-exists(libgcc_eh.a%s)

*startfile:
%{static-pie:$MUSL_LIB/rcrt1.o;!shared:$MUSL_LIB/Scrt1.o} $MUSL_LIB/crti.o crtbeginS.o%s

*endfile:
crtendS.o%s $MUSL_LIB/crtn.o

*link:
%{!static-pie:-dynamic-linker /lib/ld-musl-$MUSL_ARCH.so.1} -nostdlib %{shared:-shared} %{static:-static} %{static-pie:-static -pie --no-dynamic-linker -z text} %{rdynamic:-export-dynamic}

EOF
if cmp -s "$SPECS.new" "$SPECS"; then rm -f "$SPECS.new"; else mv "$SPECS.new" "$SPECS"; fi
CC="$REALGCC -specs=$SPECS"

# The kernel's headers (linux/, asm/, asm-generic/) without the glibc
# headers next to them in /usr/include: a directory of symlinks.
KINC=$WORK/kernel-include
mkdir -p "$KINC"
ln -sfn /usr/include/linux "$KINC/linux"
ln -sfn /usr/include/asm-generic "$KINC/asm-generic"
ln -sfn "/usr/include/$MULTIARCH/asm" "$KINC/asm"

# The hardened flags of native/Makefile that apply: no _FORTIFY_SOURCE
# (musl has no fortified functions; the define would do nothing).
LIB_CFLAGS="-O2 -fstack-protector-strong -fPIE -isystem $KINC"

# --- the sources -----------------------------------------------------------

SRC=$WORK/src
mkdir -p "$SRC"
src_dir() { find "$SRC" -mindepth 1 -maxdepth 1 -type d -name "$1-[0-9]*" | sort | tail -1; }

# deb-src lines for the Debian archives apt already uses, one-line format:
# from deb lines (*.list) and from Types: deb stanzas (*.sources).
debsrc_lines() {
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -n 's/^[[:space:]]*deb[[:space:]]\(.*\/debian.*\)/deb-src \1/p' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'function flush() {
           if (types ~ /(^| )deb( |$)/ && enabled != "no")
             for (u = 1; u <= nu; u++) if (uri[u] ~ /\/debian/)
               for (s = 1; s <= ns; s++)
                 print "deb-src " (signed != "" ? "[signed-by=" signed "] " : "") uri[u] " " suite[s] " " comps
           types = ""; nu = ns = 0; comps = ""; signed = ""; enabled = ""
         }
         /^[[:space:]]*#/ { next }
         /^[[:space:]]*$/ { flush(); next }
         { key = tolower($1); sub(/:$/, "", key); $1 = "" ; sub(/^ /, "") }
         key == "types" { types = $0 }
         key == "uris" { nu = split($0, uri, " ") }
         key == "suites" { ns = split($0, suite, " ") }
         key == "components" { comps = $0 }
         key == "signed-by" { signed = $0 }
         key == "enabled" { enabled = tolower($0) }
         END { flush() }' "$f"
  done
}

fetch_sources() {
  need=""
  for p in libpcap libseccomp; do
    [ -n "$(src_dir $p)" ] || need="$need $p"
  done
  [ -n "$need" ] || return 0
  if ! command -v apt-get > /dev/null || ! command -v dpkg-source > /dev/null; then
    die "missing sources:$need in $SRC; apt-get source needs apt and dpkg-dev (apt-get install dpkg-dev)"
  fi
  if [ "$(apt-cache showsrc $need 2> /dev/null | grep -c '^Package:')" -lt "$(echo $need | wc -w)" ]; then
    if [ "$(id -u)" != 0 ]; then
      die "missing sources:$need, and apt has no deb-src line for them; as root, run this again (it adds /etc/apt/sources.list.d/epcap-src.list), or unpack 'apt-get source$need' into $SRC"
    fi
    lines=$(debsrc_lines | sort -u)
    [ -n "$lines" ] || die "no Debian archive in /etc/apt/sources.list(.d) to add a deb-src line for"
    say "adding deb-src lines in /etc/apt/sources.list.d/epcap-src.list:"
    echo "$lines" | sed 's/^/  /'
    echo "$lines" > /etc/apt/sources.list.d/epcap-src.list
    apt-get update -qq || die "apt-get update failed"
  fi
  say "fetching sources:$need"
  (cd "$SRC" && apt-get source -qq $need > "$WORK/apt-source.log" 2>&1) || {
    tail -20 "$WORK/apt-source.log" >&2
    die "apt-get source$need failed"
  }
}

# run LOG COMMAND...: quiet unless it fails, then the log's end.
run() {
  log=$1
  shift
  if ! "$@" >> "$log" 2>&1; then
    tail -30 "$log" >&2
    die "failed: $* (whole log: $log)"
  fi
}

build_libpcap() {
  d=$(src_dir libpcap)
  say "building libpcap ($(basename "$d")) with musl"
  log=$WORK/libpcap.log
  : > "$log"
  (
    cd "$d" || exit 1
    [ ! -f Makefile ] || run "$log" make distclean
    # CPPFLAGS too: configure's header checks run the preprocessor alone.
    run "$log" ./configure CC="$CC" CPPFLAGS="-isystem $KINC" CFLAGS="$LIB_CFLAGS" \
      --prefix="$PREFIX" --disable-shared --with-pcap=linux \
      --disable-usb --disable-netmap --disable-bluetooth --disable-dbus --disable-rdma \
      --disable-remote --without-libnl --without-dag --without-septel --without-snf \
      --without-turbocap --without-dpdk
    run "$log" make -j"$(nproc)" libpcap.a
    run "$log" make install
  )
}

build_libseccomp() {
  d=$(src_dir libseccomp)
  say "building libseccomp ($(basename "$d")) with musl"
  log=$WORK/libseccomp.log
  : > "$log"
  (
    cd "$d" || exit 1
    [ ! -f Makefile ] || run "$log" make distclean
    run "$log" ./configure CC="$CC" CPPFLAGS="-isystem $KINC" CFLAGS="$LIB_CFLAGS" \
      --prefix="$PREFIX" --disable-shared --enable-static --disable-python
    run "$log" make -j"$(nproc)" -C src libseccomp.la
    mkdir -p "$PREFIX/lib" "$PREFIX/include"
    cp include/seccomp.h include/seccomp-syscalls.h "$PREFIX/include/"
    cp src/.libs/libseccomp.a "$PREFIX/lib/libseccomp.a.new"
    mv "$PREFIX/lib/libseccomp.a.new" "$LIBSECCOMP_A"
  )
}

if [ ! -f "$LIBPCAP_A" ] || [ ! -f "$LIBSECCOMP_A" ]; then
  fetch_sources
  if [ ! -f "$LIBPCAP_A" ]; then build_libpcap || exit 1; fi
  if [ ! -f "$LIBSECCOMP_A" ]; then build_libseccomp || exit 1; fi
fi

# --- the port --------------------------------------------------------------

# native/Makefile's flags where they apply (see LIB_CFLAGS); the libraries'
# headers as system headers, as the installed ones are for the glibc build.
PORT_CFLAGS="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror $LIB_CFLAGS -isystem $PREFIX/include"
OBJ=$WORK/obj
rm -rf "$OBJ"
mkdir -p "$OBJ"
say "building the port ($(echo $SRCS | wc -w) files)"
cd "$NATIVE"
# As many at a time as there are cores; any failure fails the build.
# shellcheck disable=SC2086
echo $SRCS | tr ' ' '\n' | xargs -n 1 -P "$(nproc)" sh -c \
  'exec $0 $1 -c -o "$2/$(basename "$3" .c).o" "$3"' "$CC" "$PORT_CFLAGS" "$OBJ" ||
  die "compiling the port failed"
# shellcheck disable=SC2086
$CC -static-pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack -o "$WORK/epcap" "$OBJ"/*.o \
  "$LIBPCAP_A" "$LIBSECCOMP_A" || die "linking the port failed"
strip "$WORK/epcap"
mv "$WORK/epcap" "$BIN.new"
sha256sum "$BIN.new" | cut -d' ' -f1 > "$BIN.sha256.new"
mv "$BIN.new" "$BIN"
mv "$BIN.sha256.new" "$BIN.sha256"
say "built $BIN ($(wc -c < "$BIN") bytes, sha256 $(cat "$BIN.sha256"))"
