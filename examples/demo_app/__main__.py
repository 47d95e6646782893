"""``python -m examples.demo_app [--port N] [--variant a|b]``: serve in the foreground."""

from __future__ import annotations

import argparse
import threading

from .server import DemoApp
from .skin import VARIANTS


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, start the app, print its URL and wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m examples.demo_app", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--variant", choices=VARIANTS, default="a")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    app = DemoApp(args.host, args.port, args.variant, log_requests=not args.quiet)
    app.start()
    print(app.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        app.stop()


if __name__ == "__main__":
    main()
