# Shared by scripts/run and scripts/test: installs what is missing, idempotently, so that a
# fresh Debian/Ubuntu machine needs no other step. Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# What building the window needs (Tauri 2 on Linux), and what the end-to-end tests add
# (fonts-liberation: LibreOffice lays the DOCX papers out with Times New Roman's metrics, as
# Word does on the office PCs).
BUILD_PACKAGES=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  build-essential pkg-config libssl-dev file ca-certificates)
TEST_PACKAGES=(xvfb xauth x11-utils webkit2gtk-driver poppler-utils libreoffice-writer-nogui fonts-liberation)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Installs the Debian packages given, when any of them is missing.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_toolchains() {
  if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  command -v cargo >/dev/null 2>&1 || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
  command -v npm >/dev/null 2>&1 || ensure_apt nodejs npm
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    echo "Node.js 20 or newer is required (found $(node --version))." >&2
    exit 1
  fi
}

# npm ci when package-lock.json changed since the last install (or nothing is installed).
ensure_ui_packages() {
  local stamp=ui/node_modules/.chidoan-lock.sha256
  local want
  want="$(sha256sum ui/package-lock.json | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing UI packages (npm ci)"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

build_ui() {
  say "Building the UI (ui/dist)"
  (cd ui && npm run --silent build -- --logLevel warn)
}
