"""Find a Chromium for Playwright: its own download first, else a system Chromium/Chrome.

When Playwright's own browsers are missing (``playwright install`` cannot reach its
CDN, or was never run) but a system Chromium exists, we build a browsers folder of
symlinks laid out the way Playwright expects and point ``PLAYWRIGHT_BROWSERS_PATH`` at
it. Every Playwright launch in the process then works unchanged, including
pytest-playwright-asyncio's own ``browser`` fixture with its ``--browser``,
``--headed``, ``--video``, ``--tracing`` and ``--screenshot`` options. An ``ffmpeg``
found on the machine is linked too, so ``--video`` works without Playwright's build.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from pytest_skyvern.errors import BrowserNotFoundError, ConfigurationError

BrowserSource = Literal["explicit", "playwright", "system", "none"]

#: Executables tried in order. The Debian binary comes before its wrapper script:
#: it starts about 30% faster and needs nothing the wrapper adds.
SYSTEM_CANDIDATES: tuple[str, ...] = (
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "/usr/lib/chromium-browser/chromium-browser",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
SYSTEM_COMMANDS: tuple[str, ...] = (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
)

INSTALL_HINT = (
    "Install one of:\n"
    "  - Playwright's Chromium:   python -m playwright install chromium\n"
    "  - Debian/Ubuntu Chromium:  sudo apt-get install -y chromium\n"
    "or point pytest-skyvern at an executable with --skyvern-browser-executable=PATH "
    "(env SKYVERN_BROWSER_EXECUTABLE)."
)


@dataclass(frozen=True)
class BrowserDiscovery:
    """What was found, and the one-line notice to show (if any)."""

    source: BrowserSource
    executable: str | None
    browsers_path: str | None = None
    notice: str | None = None

    def require(self) -> str | None:
        """Raise a clear error when no browser was found; else the executable (if ours)."""
        if self.source == "none":
            raise BrowserNotFoundError(f"No Chromium or Chrome found. {INSTALL_HINT}")
        return self.executable


def _driver_browsers_json() -> dict[str, str]:
    """Revisions Playwright expects, by browser name (from the installed driver)."""
    import playwright

    path = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    data = json.loads(path.read_text())
    return {b["name"]: str(b["revision"]) for b in data["browsers"]}


def playwright_registry_dir(env: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """Where Playwright looks for its browsers (its own rules)."""
    env = os.environ if env is None else env
    custom = env.get("PLAYWRIGHT_BROWSERS_PATH")
    if custom == "0":
        import playwright

        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    if custom:
        return Path(custom)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA", Path.home())) / "ms-playwright"
    return Path(env.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ms-playwright"


def playwright_chromium_installed(registry: Path, revisions: dict[str, str]) -> bool:
    rev = revisions.get("chromium", "")
    return any(
        (registry / f"{name}-{rev}").is_dir()
        for name in ("chromium", "chromium_headless_shell")
    )


def find_system_chromium() -> str | None:
    for candidate in SYSTEM_CANDIDATES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    for command in SYSTEM_COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    return None


def find_ffmpeg() -> str | None:
    """An ffmpeg with libvpx for Playwright's video: the system one, or imageio-ffmpeg's."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg  # type: ignore[import-not-found]

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # optional dependency, any failure means "not available"
        return None


def _linux_layout(revisions: dict[str, str]) -> dict[str, str]:
    """Relative paths Playwright launches on Linux x64, by what they stand for."""
    chromium, ffmpeg = revisions.get("chromium", ""), revisions.get("ffmpeg", "")
    shell = revisions.get("chromium-headless-shell", chromium)
    return {
        f"chromium-{chromium}/chrome-linux64/chrome": "chromium",
        f"chromium_headless_shell-{shell}/chrome-headless-shell-linux64/"
        "chrome-headless-shell": "chromium",
        f"ffmpeg-{ffmpeg}/ffmpeg-linux": "ffmpeg",
    }


def build_browsers_folder(
    executable: str, ffmpeg: str | None, revisions: dict[str, str], cache_root: Path,
    existing_registry: Path | None = None,
) -> Path:
    """Create (atomically, safe under xdist) a Playwright browsers folder of symlinks."""
    digest = hashlib.sha256(f"{executable}\0{ffmpeg}".encode()).hexdigest()[:10]
    key = f"{revisions.get('chromium')}-{digest}"
    target = cache_root / f"browsers-{key}"
    if target.is_dir():
        return target
    cache_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".browsers-", dir=cache_root))
    real = {"chromium": executable, "ffmpeg": ffmpeg}
    for rel, what in _linux_layout(revisions).items():
        source = real[what]
        if source is None:
            continue
        link = staging / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.realpath(source))
    # Keep any other browsers the user installed (firefox, webkit) visible.
    if existing_registry is not None and existing_registry.is_dir():
        for entry in existing_registry.iterdir():
            if not (staging / entry.name).exists():
                (staging / entry.name).symlink_to(entry)
    try:
        staging.rename(target)
    except OSError:
        # Another xdist worker won the race; its folder is equivalent.
        shutil.rmtree(staging, ignore_errors=True)
    return target


def discover_browser(explicit: str | None, cache_root: Path) -> BrowserDiscovery:
    """Decide which Chromium Playwright will launch, and make it launchable.

    Sets ``PLAYWRIGHT_BROWSERS_PATH`` in this process when a system or explicit
    executable is used (so it must run before Playwright starts).
    """
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise ConfigurationError(
                f"--skyvern-browser-executable: {explicit!r} is not an executable file."
            )
    revisions = _driver_browsers_json()
    registry = playwright_registry_dir()
    if not explicit and playwright_chromium_installed(registry, revisions):
        if registry.resolve().is_relative_to(cache_root.resolve()):
            # Our own folder, inherited from a parent pytest process.
            linked = registry / next(iter(_linux_layout(revisions)))
            return BrowserDiscovery("system", os.path.realpath(linked), str(registry))
        return BrowserDiscovery("playwright", None)
    executable = explicit or find_system_chromium()
    if executable is None:
        return BrowserDiscovery("none", None, notice=f"no browser found. {INSTALL_HINT}")
    if not sys.platform.startswith("linux") or platform.machine() not in ("x86_64", "AMD64"):
        # The symlink layout is Linux x64's; elsewhere only our own fixtures can use it.
        return BrowserDiscovery(
            "explicit" if explicit else "system", executable,
            notice=f"using {executable} (Playwright's own Chromium is not installed)",
        )
    folder = build_browsers_folder(
        executable, find_ffmpeg(), revisions, cache_root,
        existing_registry=registry if registry.is_dir() else None,
    )
    os.environ["PLAYWRIGHT_BROWSERS_PATH"] = str(folder)
    source: BrowserSource = "explicit" if explicit else "system"
    return BrowserDiscovery(
        source, executable, str(folder),
        notice=f"using {source} Chromium {executable} "
        "(Playwright's own is not installed; linked for pytest-playwright too)",
    )


def default_cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pytest-skyvern"


def find_free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: The run's browser discovery, on ``config.stash``.
DISCOVERY_KEY = pytest.StashKey[BrowserDiscovery]()
