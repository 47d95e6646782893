"""The reporter's own settings: declared as ``OptionSpec``s, read through ``Settings``.

The specs follow ``pytest_skyvern.config``'s conventions (``--skyvern-*`` flag with
default None, ini twin, env ``SKYVERN_*``). Once they are part of ``config.OPTIONS``
the values arrive on ``Settings`` and are read from there; until then (or when the
reporter runs standalone with ``-p pytest_skyvern.report.plugin``) ``add_options``
registers them and ``ReportSettings.from_config`` resolves them the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from pytest_skyvern.config import SETTINGS_KEY, SPECS, OptionSpec
from pytest_skyvern.errors import ConfigurationError

SCREENSHOT_MODES = ("all", "failures", "off")
VIDEO_ROUTES = ("auto", "playwright", "screencast", "frames")

REPORT_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("screenshots", "choice", "all",
               "Before/after screenshots of AI actions in the timeline: all, failures "
               "(kept for failing tests only) or off.", choices=SCREENSHOT_MODES),
    OptionSpec("video_route", "choice", "auto",
               "How --video is recorded: playwright (its ffmpeg recorder), screencast "
               "(JPEG frames, encoded by an ffmpeg if one exists), frames (screencast, "
               "never encoded: an HTML flipbook) or auto (playwright when its ffmpeg is "
               "installed, else screencast).", choices=VIDEO_ROUTES),
)


@dataclass(frozen=True)
class ReportSettings:
    """The reporter's effective options."""

    screenshots: str = "all"
    video_route: str = "auto"
    report_dir: str = "skyvern-report"

    @classmethod
    def from_config(cls, config: pytest.Config) -> ReportSettings:
        """Read from ``Settings`` when wired there, else from our own flags/ini/env."""
        settings = config.stash.get(SETTINGS_KEY, None)
        report_dir = settings.report_dir if settings is not None else "skyvern-report"
        values: dict[str, str] = {}
        for spec in REPORT_OPTIONS:
            wired = getattr(settings, spec.name, None) if settings is not None else None
            values[spec.name] = str(wired) if wired is not None else _resolve(config, spec)
        return cls(report_dir=report_dir, **values)


def _resolve(config: pytest.Config, spec: OptionSpec) -> str:
    cli = config.getoption(spec.dest, default=None)
    try:
        ini = config.getini(spec.ini)
    except ValueError:  # not registered: the reporter was loaded without add_options
        ini = None
    raw = next((v for v in (cli, ini, os.environ.get(spec.env)) if v), None)
    if raw is None:
        return str(spec.default)
    text = str(raw).strip()
    if text not in spec.choices:
        raise ConfigurationError(
            f"{spec.flag}: invalid value {raw!r}. Valid values: {', '.join(spec.choices)}."
        )
    return text


def add_options(group: pytest.OptionGroup, parser: pytest.Parser) -> None:
    """Register the reporter's flags and ini keys (skipped for those in ``OPTIONS``)."""
    for spec in REPORT_OPTIONS:
        if spec.name in SPECS:
            continue
        group.addoption(spec.flag, dest=spec.dest, default=None,
                        help=f"{spec.help} [ini {spec.ini}, env {spec.env}; default "
                             f"{spec.default}] One of: {', '.join(spec.choices)}.")
        parser.addini(spec.ini, help=spec.help, default=None)

