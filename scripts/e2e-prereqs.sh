#!/usr/bin/env bash
# Installs what the browser tests (tests/e2e) need beyond the virtualenv, each only when it is missing:
# Debian's Chromium (Playwright drives it; no browser is ever downloaded), a Java runtime for the
# Nu Html Checker, and the npm packages axe-core and vnu-jar in tests/e2e/node_modules. And Debian's
# Caddy, the proxy that the compose test (tests/deploy) runs with deploy/Caddyfile, and Varnish with
# varnish-modules, the cache the Varnish test (tests/cluster/test_varnish.py) runs with deploy/varnish/.
#
# Where something cannot be installed (no apt, not root, no network) it says so and, outside CI,
# exits 0: the tests that need it then skip with the same reason. In CI (CI set) it exits 1, so a
# missing browser or proxy fails the run instead of quietly skipping the tests that need it.
set -uo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${NEWSROOM_CHROMIUM:-/usr/bin/chromium}  # the path tests/e2e/conftest.py launches
E2E_DIR=tests/e2e
missing=()

in_ci() { [[ -n "${CI:-}" && "${CI}" != "0" && "${CI,,}" != "false" ]]; }

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "e2e-prereqs: apt-get is not available to install $*" >&2
    return 1
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "e2e-prereqs: installing $* needs root (or password-less sudo)" >&2
      return 1
    fi
  fi
  if [[ $apt_updated -eq 0 ]]; then
    "${sudo[@]}" apt-get update -qq || return 1
    apt_updated=1
  fi
  echo "e2e-prereqs: apt-get install $*"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}

if [[ ! -x $CHROMIUM ]]; then
  apt_install chromium
  [[ -x $CHROMIUM ]] || missing+=("Chromium ($CHROMIUM)")
fi

if ! command -v java >/dev/null; then
  apt_install default-jre-headless || missing+=("Java (java)")
fi

if ! command -v npm >/dev/null; then
  apt_install npm || missing+=("npm")
fi

# The compose test starts its own Caddy on free ports; the package's service, where systemd starts it, would
# only hold ports 80 and 443, so it is stopped and disabled.
if ! command -v caddy >/dev/null; then
  if apt_install caddy && [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then systemctl disable --now caddy.service; else sudo -n systemctl disable --now caddy.service; fi
  fi
  command -v caddy >/dev/null || missing+=("Caddy (caddy)")
fi

# Varnish with the xkey vmod, for the caching-proxy test (tests/cluster/test_varnish.py), which starts its own
# varnishd on a free port: the package's service is stopped and disabled, as Caddy's is.
if [[ ! -x /usr/sbin/varnishd ]] || ! compgen -G "/usr/lib/*/varnish/vmods/libvmod_xkey.so" >/dev/null; then
  if apt_install varnish varnish-modules && [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then systemctl disable --now varnish.service; else sudo -n systemctl disable --now varnish.service; fi
  fi
  compgen -G "/usr/lib/*/varnish/vmods/libvmod_xkey.so" >/dev/null || missing+=("Varnish (varnish, varnish-modules)")
fi

# Reinstall when the lock file changed since the last install.
stamp=$E2E_DIR/node_modules/.package-lock.json
if command -v npm >/dev/null && { [[ ! -f $stamp ]] || [[ $E2E_DIR/package-lock.json -nt $stamp ]]; }; then
  # --ignore-scripts: vnu-jar's postinstall would try to download a Java; the machine's own Java runs it.
  (cd "$E2E_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) ||
    missing+=("npm packages in $E2E_DIR (npm ci failed)")
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  printf 'e2e-prereqs: could not install: %s\n' "${missing[*]}" >&2
  if in_ci; then
    echo "e2e-prereqs: CI is set, so this is an error: the browser and compose tests must run in CI." >&2
    exit 1
  fi
  echo "e2e-prereqs: the tests that need them (browser tests, -m e2e; the compose test's proxy) will be skipped on this machine." >&2
fi
exit 0
