# Shared by the toolchain stand-ins of the Dockerfile Optimizer test images
# (scripts/ci/base-images.txt). Each stand-in does what a Dockerfile build relies on
# (files it creates, inputs it needs) and fails like the real tool when an input is missing.
SHIM=${0##*/}
die() { echo "$SHIM: $*" >&2; exit "${DIE_CODE:-1}"; }
# need FILE [MESSAGE]: fail unless FILE exists.
need() { [ -e "$1" ] || die "${2:-$1 not found in $(pwd)}"; }
say() { echo "$SHIM (test stand-in): $*"; }
# blob FILE [KiB]: a file of that size (16 KiB), so caches and leftovers weigh something.
blob() { mkdir -p "$(dirname "$1")" 2>/dev/null && dd if=/dev/zero of="$1" bs=1024 count="${2:-16}" 2>/dev/null || true; }
# exe FILE: an executable file standing for a built program.
exe() {
  mkdir -p "$(dirname "$1")" || die "cannot create $(dirname "$1")"
  printf '#!/bin/sh\necho "%s (built by the %s test stand-in) $*"\n' "${1##*/}" "$SHIM" >"$1" && chmod 755 "$1" || die "cannot write $1"
}
# script NAME: fail like npm/yarn/pnpm when package.json lacks that script; "build*" writes dist/.
script() {
  need package.json "no package.json in $(pwd) (COPY it before running scripts)"
  grep -q "\"$1\"[[:space:]]*:" package.json || die "Missing script: \"$1\" (package.json has no scripts.$1)"
  case $1 in build*) mkdir -p dist && echo 'console.log("built by the test stand-in")' >dist/index.js ;; esac
  say "ran script $1"
}
# free_id FILE [MODE]: an id unused in FILE (/etc/passwd or /etc/group): MODE "" from 1000 up,
# "down" from 999 down (useradd -r, groupadd -r), "up" from 100 up (BusyBox -S, adduser --system).
free_id() {
  awk -F: -v m="$2" '{ u[$3] = 1 } END {
    if (m == "down") { for (i = 999; i > 100; i--) if (!(i in u)) { print i; exit } }
    else if (m == "up") { for (i = 100; i < 1000; i++) if (!(i in u)) { print i; exit } }
    else { for (i = 1000; ; i++) if (!(i in u)) { print i; exit } } }' "$1"
}
# add_member GROUP USER: appends USER to GROUP's member list in /etc/group.
add_member() { sed -i "/^$1:/{s/\$/,$2/;s/:,/:/}" /etc/group; }
# field FILE NAME [N]: field N (3: the id) of the line for NAME, empty when absent.
field() { awk -F: -v n="$2" -v f="${3:-3}" '$1 == n { print $f; exit }' "$1"; }
# named_id FILE ID: the name owning numeric ID, empty when none.
named_id() { awk -F: -v i="$2" '$3 == i { print $1; exit }' "$1"; }
