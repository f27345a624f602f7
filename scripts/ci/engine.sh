#!/usr/bin/env bash
# Starts a real Docker engine for the tests on a Debian 12 machine with no registry access,
# and imports the base images the tests build on (scripts/ci/base-images.txt).
# Idempotent; run as root. See /work/shared/docker-engine.md for why it is done this way.
#
#   bash scripts/ci/engine.sh [start]   install docker.io + busybox-static if missing, start
#                                       dockerd (vfs, no iptables) if `docker info` does not
#                                       answer, import the base images if missing or stale
#   bash scripts/ci/engine.sh stop      stop the dockerd this script started (by its PID)
#   bash scripts/ci/engine.sh status    say whether the engine answers and the images exist
#   bash scripts/ci/engine.sh prune     drop the build cache and dangling images (vfs is big)
#
# Environment: INSTALL_PODMAN=1 also installs podman and imports the same images into it;
# ENGINE_TIMEOUT (seconds, default 60) bounds the wait for dockerd;
# DFO_ENGINE_STATE (default /var/tmp/dfo-engine) holds dockerd.pid and dockerd.log.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIST=$HERE/base-images.txt
ROOTFS_SRC=$HERE/base-rootfs
DOCKER=/usr/bin/docker
DOCKERD=/usr/sbin/dockerd
STATE_DIR=${DFO_ENGINE_STATE:-/var/tmp/dfo-engine}
PID_FILE=$STATE_DIR/dockerd.pid
LOG=$STATE_DIR/dockerd.log
TIMEOUT=${ENGINE_TIMEOUT:-60}
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

START_MS=$(date +%s%3N)
STEP_MS=$START_MS
say() { echo "engine: $*"; }
die() { echo "engine: ERROR: $*" >&2; exit 1; }
# step "what was done": prints it with the time since the previous step.
step() {
  local now; now=$(date +%s%3N)
  printf 'engine: %s (%d.%01d s)\n' "$1" $(((now - STEP_MS) / 1000)) $(((now - STEP_MS) % 1000 / 100))
  STEP_MS=$now
}
need_root() { [ "$(id -u)" = 0 ] || die "$1 needs root (run: sudo bash $0)"; }
engine_answers() { timeout 5 "$DOCKER" info >/dev/null 2>&1; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = dockerd ]; }

# ---------------------------------------------------------------- packages
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

install_packages() {
  local want=(docker.io busybox-static) missing=() p
  [ "${INSTALL_PODMAN:-}" = 1 ] && want+=(podman)
  for p in "${want[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  need_root "installing ${missing[*]}"
  say "installing ${missing[*]}"
  # No init system here, but keep the packages' scripts from starting a dockerd of their own
  # (it would use overlay2, on which BuildKit builds fail in these VMs).
  local policy=/usr/sbin/policy-rc.d made_policy=
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; made_policy=1; fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  } >"$STATE_DIR/apt.log" 2>&1 || rc=$?
  [ -n "$made_policy" ] && rm -f "$policy"
  if [ $rc -ne 0 ]; then tail -n 30 "$STATE_DIR/apt.log" >&2; die "apt-get failed (log: $STATE_DIR/apt.log)"; fi
  step "installed ${missing[*]}"
}

# ---------------------------------------------------------------- daemon
start_daemon() {
  if engine_answers; then
    say "dockerd already answers ($("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null), storage $("$DOCKER" info --format '{{.Driver}}' 2>/dev/null))"
    local driver; driver=$("$DOCKER" info --format '{{.Driver}}' 2>/dev/null || true)
    [ "$driver" = vfs ] || say "WARNING: storage driver is '$driver', not vfs: BuildKit builds may fail in this VM"
    return 0
  fi
  need_root "starting dockerd"
  [ -x "$DOCKERD" ] || die "$DOCKERD not found"
  local pid=
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  if alive "$pid"; then
    say "dockerd $pid (started earlier) does not answer yet; waiting for it"
  else
    say "starting dockerd (vfs, no iptables), log: $LOG"
    setsid "$DOCKERD" --storage-driver=vfs --iptables=false >"$LOG" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$PID_FILE"
  fi
  local deadline=$(($(date +%s) + TIMEOUT))
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "----- $LOG" >&2; cat "$LOG" >&2; die "dockerd exited before it answered"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "----- $LOG" >&2; cat "$LOG" >&2; die "dockerd did not answer within ${TIMEOUT} s (PID $pid still runs)"
    fi
    sleep 0.3
  done
  # setsid normally execs dockerd in place; if it forked, record the daemon's own PID.
  local real; real=$(cat /var/run/docker.pid 2>/dev/null || true)
  alive "$real" && [ "$real" != "$pid" ] && echo "$real" >"$PID_FILE"
  step "dockerd $(cat "$PID_FILE") answers ($("$DOCKER" version --format '{{.Server.Version}}'))"
}

stop_daemon() {
  local pid; pid=$(cat "$PID_FILE" 2>/dev/null || true)
  if ! alive "$pid"; then
    rm -f "$PID_FILE"
    say "no dockerd started by this script is running (nothing stopped)"
    return 0
  fi
  say "stopping dockerd $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then say "dockerd $pid ignored SIGTERM for 20 s; sending SIGKILL"; kill -KILL "$pid"; fi
  rm -f "$PID_FILE"
  step "stopped"
}

# ---------------------------------------------------------------- images
# Lines of the list without comments: "NAME LAYERS [CHANGE...]".
list_lines() { sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$LIST" | grep -v '^$'; }
image_names() { list_lines | cut -d' ' -f1; }

# A fingerprint of everything an image is made of; stored as each image's import comment,
# so that changed shims or a changed list are re-imported and unchanged ones are not.
fingerprint() {
  {
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$ROOTFS_SRC" -c . | sha256sum
    list_lines
    echo "$IMAGE_PATH"
    sha256sum </bin/busybox
    sed -n '/^busybox_tree()/,/^}/p;/^compose_rootfs()/,/^}/p' "${BASH_SOURCE[0]}"
  } | sha256sum | cut -c1-16
}

# busybox_tree DIR: /bin/busybox and a link for each applet at its usual place (bin/ls,
# usr/bin/env, sbin/...), made once and copied into every image that has layer "base".
# No bash: only the debian layer has one.
busybox_tree() {
  local dir=$1 applet
  mkdir -p "$dir/bin" "$dir/sbin" "$dir/usr/bin" "$dir/usr/sbin"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    case ${applet##*/} in bash | busybox) continue ;; esac
    ln -s /bin/busybox "$dir/$applet"
  done
}

# compose_rootfs DIR LAYERS BUSYBOX_TREE: copies the layer folders into DIR in order
# (etc/passwd.add and etc/group.add are appended to etc/passwd and etc/group); layer "base"
# also brings the BusyBox tree, whose links never replace a file of a layer (a shim).
compose_rootfs() {
  local dir=$1 layer f busybox=
  for layer in ${2//,/ }; do
    [ -d "$ROOTFS_SRC/$layer" ] || die "no layer folder $ROOTFS_SRC/$layer (from $LIST)"
    cp -a --remove-destination "$ROOTFS_SRC/$layer/." "$dir/"
    for f in passwd group; do
      if [ -e "$dir/etc/$f.add" ]; then cat "$dir/etc/$f.add" >>"$dir/etc/$f"; rm "$dir/etc/$f.add"; fi
    done
    [ "$layer" = base ] && busybox=1
  done
  [ -z "$busybox" ] || cp -a -n "$3/." "$dir/"
  mkdir -p "$dir/tmp" "$dir/root" "$dir/var/tmp"
  chown -R 0:0 "$dir"
  chmod 1777 "$dir/tmp" "$dir/var/tmp"
  find "$dir" -type f \( -path '*/bin/*' -o -path '*/sbin/*' \) -exec chmod 755 {} + # not links: they point at the host's /bin/busybox
  # Home folders of the users in etc/passwd, owned by them (e.g. /home/node, uid 1000).
  if [ -e "$dir/etc/passwd" ]; then
    local name uid gid home
    while IFS=: read -r name _ uid gid _ home _; do
      case $home in /home/*) mkdir -p "$dir$home"; chown "$uid:$gid" "$dir$home" ;; esac
    done <"$dir/etc/passwd"
  fi
}

# Podman resolves a short name (node:20) to docker.io/library/node:20: tag it so.
podman_name() {
  local n=$1
  case ${n%%/*} in
    *.* | *:*/* | localhost) ;;
    *) if [[ $n == */* ]]; then n=docker.io/$n; else n=docker.io/library/$n; fi ;;
  esac
  [[ ${n##*/} == *:* ]] || n=$n:latest
  echo "$n"
}

import_images() {
  local fp names
  fp=$(fingerprint)
  mapfile -t names < <(image_names)
  local comments=() old_ids=()
  mapfile -t comments < <("$DOCKER" image inspect --format '{{.Comment}}' "${names[@]}" 2>/dev/null || true)
  local current=0 c
  for c in "${comments[@]}"; do [ "$c" = "dfo-base-rootfs $fp" ] && current=$((current + 1)); done
  local do_docker= do_podman= pnames=() pcurrent
  [ "$current" -eq "${#names[@]}" ] || do_docker=1
  if [ "${INSTALL_PODMAN:-}" = 1 ] && command -v podman >/dev/null; then
    pcurrent=0
    for c in "${names[@]}"; do pnames+=("$(podman_name "$c")"); done
    mapfile -t comments < <(podman image inspect --format '{{.Comment}}' "${pnames[@]}" 2>/dev/null || true)
    for c in "${comments[@]}"; do [ "$c" = "dfo-base-rootfs $fp" ] && pcurrent=$((pcurrent + 1)); done
    [ "$pcurrent" -eq "${#names[@]}" ] || do_podman=1
  fi
  if [ -z "$do_docker$do_podman" ]; then
    say "${#names[@]} base images present (rootfs $fp)"
    return 0
  fi
  need_root "importing base images"
  say "importing base images (rootfs $fp) into${do_docker:+ docker (${current}/${#names[@]} were current)}${do_podman:+ podman}"
  mapfile -t old_ids < <("$DOCKER" image inspect --format '{{.Id}}' "${names[@]}" 2>/dev/null | sort -u || true)
  local old_podman_ids=()
  [ -z "$do_podman" ] || mapfile -t old_podman_ids < <(podman image inspect --format '{{.Id}}' "${pnames[@]}" 2>/dev/null | sort -u || true)
  local work; work=$(mktemp -d "${TMPDIR:-/tmp}/dfo-rootfs.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  declare -A image_of=() number_of=()
  local line name layers key changes id n=0 imported=0
  while read -r line; do
    read -r name layers changes <<<"$line"
    key="$layers ${changes:-}"
    if [ -z "${number_of[$key]:-}" ]; then
      n=$((n + 1))
      mkdir "$work/$n"
      [ -d "$work/busybox" ] || busybox_tree "$work/busybox"
      compose_rootfs "$work/$n" "$layers" "$work/busybox"
      local args=(--message "dfo-base-rootfs $fp" --change "ENV PATH=$IMAGE_PATH")
      local ch
      for ch in ${changes:-}; do args+=(--change "${ch%%=*} ${ch#*=}"); done
      [ -z "$do_docker" ] || image_of[$key]=$(tar --numeric-owner -C "$work/$n" -c . | "$DOCKER" import "${args[@]}" -)
      number_of[$key]=$n
      imported=$((imported + 1))
      if [ -n "$do_podman" ]; then
        tar --numeric-owner -C "$work/$n" -c . | podman import --quiet "${args[@]}" - "localhost/dfo-base:$n" >/dev/null
      fi
    fi
    [ -z "$do_docker" ] || "$DOCKER" tag "${image_of[$key]}" "$name"
    if [ -n "$do_podman" ]; then
      podman tag "localhost/dfo-base:${number_of[$key]}" "$(podman_name "$name")"
    fi
  done < <(list_lines)
  rm -rf "$work"
  trap - EXIT
  # Images of an earlier rootfs that no name points to any more.
  [ -n "$do_docker" ] && for id in "${old_ids[@]}"; do
    [ -n "$id" ] && [ -z "$("$DOCKER" image inspect --format '{{join .RepoTags ","}}' "$id" 2>/dev/null)" ] &&
      "$DOCKER" rmi "$id" >/dev/null 2>&1 || true
  done
  [ -n "$do_podman" ] && for id in "${old_podman_ids[@]}"; do
    [ -n "$id" ] && [ "$(podman image inspect --format '{{len .RepoTags}}' "$id" 2>/dev/null)" = 0 ] &&
      podman rmi "$id" >/dev/null 2>&1 || true
  done
  step "imported $imported rootfs images, tagged ${#names[@]} names"
}

status() {
  if engine_answers; then
    say "engine answers: $("$DOCKER" version --format 'server {{.Server.Version}}, client {{.Client.Version}}'), storage $("$DOCKER" info --format '{{.Driver}}')"
  else
    say "engine does not answer ($DOCKER info)"; return 1
  fi
  local names missing=()
  mapfile -t names < <(image_names)
  local n
  for n in "${names[@]}"; do "$DOCKER" image inspect "$n" >/dev/null 2>&1 || missing+=("$n"); done
  if [ ${#missing[@]} -eq 0 ]; then say "all ${#names[@]} base images present"; else say "missing images: ${missing[*]}"; return 1; fi
  local pid; pid=$(cat "$PID_FILE" 2>/dev/null || true)
  if alive "$pid"; then say "dockerd $pid was started by this script (log: $LOG)"; fi
}

mkdir -p "$STATE_DIR"
cmd=${1:-start}
case $cmd in
  start)
    exec 9>"$STATE_DIR/lock"
    flock 9 # one engine.sh at a time
    install_packages
    start_daemon
    import_images
    now=$(date +%s%3N)
    printf 'engine: ready in %d.%01d s (docker: %s)\n' $(((now - START_MS) / 1000)) $(((now - START_MS) % 1000 / 100)) "$DOCKER"
    ;;
  stop) stop_daemon ;;
  status) status ;;
  prune)
    engine_answers || die "engine does not answer"
    "$DOCKER" builder prune -af >/dev/null
    "$DOCKER" image prune -f >/dev/null
    step "pruned build cache and dangling images"
    ;;
  *) die "unknown command '$cmd' (use start, stop, status or prune)" ;;
esac
