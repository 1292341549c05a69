#!/bin/sh
# A stand-in for a container or privilege tool (kubectl, lxc-attach, incus, lxc, buildah, jexec,
# nsenter, docker, podman, lxc-info, machinectl, doas, sudo, su), chosen by the name it is run as. It
# appends its name and argv (one argument a line, then "--end--") to $MITOGEN_STUB_LOG, or to
# argv.log beside itself, then runs locally the command it was given, as the Python original's
# stubs do. Leader-pid queries (inspect, lxc-info, lxc info, machinectl status) print 4242.
log="${MITOGEN_STUB_LOG:-$(dirname "$0")/argv.log}"
tool=$(basename "$0")
{
  echo "$tool"
  for arg in "$@"; do printf '%s\n' "$arg"; done
  echo "--end--"
} >>"$log"

# Drops options (and "-U USER"), then the target, and runs the rest.
run_after_target() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --) shift; break ;;
      -U) shift 2 ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  shift
  exec "$@"
}

# Runs what follows the first "--".
run_after_dashes() {
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done
  shift
  exec "$@"
}

case "$tool" in
  docker|podman)
    case "$1" in
      inspect) echo 4242; exit 0 ;;
      exec|run) shift; run_after_target "$@" ;;
    esac ;;
  lxc-info) echo "Name:           web"; echo "State:          RUNNING"; echo "PID:            4242"; exit 0 ;;
  machinectl) echo "web(0123)"; echo "           Since: Thu 2025-01-02"; echo "          Leader: 4242 (systemd)"; exit 0 ;;
  lxc)
    if [ "$1" = info ]; then echo "Name: web"; echo "Status: RUNNING"; echo "Pid: 4242"; exit 0; fi
    run_after_dashes "$@" ;;
  buildah) shift; run_after_target "$@" ;;
  jexec) run_after_target "$@" ;;
  su) while [ $# -gt 0 ] && [ "$1" != -c ]; do shift; done; exec /bin/sh -c "$2" ;;
  doas)
    if [ "$1" != "-n" ]; then echo "doas: a tty is required" >&2; exit 1; fi
    run_after_dashes "$@" ;;
  *) run_after_dashes "$@" ;;
esac
echo "$tool (stub): cannot run $*" >&2
exit 2
