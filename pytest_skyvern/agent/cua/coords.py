"""Where a vision model's coordinates point on the viewport.

UI-TARS 1.0 answers in a 0-1000 grid over the screenshot (``relative``). Qwen2.5-VL
and UI-TARS 1.5 answer in pixels of the image their server resized it to
(``smart_resize``: sides rounded to multiples of 28 within a pixel budget). Other
models answer in pixels of the screenshot as sent (``absolute``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

from pytest_skyvern.errors import ConfigurationError

CoordinateMode = Literal["relative", "absolute", "smart_resize"]
MODES: tuple[str, ...] = get_args(CoordinateMode)

# Qwen2.5-VL's image processor defaults (also UI-TARS 1.5's).
FACTOR = 28
MIN_PIXELS = 56 * 56
MAX_PIXELS = 16384 * 28 * 28


def smart_resize(height: int, width: int, factor: int = FACTOR, min_pixels: int = MIN_PIXELS,
                 max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """The (height, width) a Qwen2.5-VL server resizes an image to."""
    h_bar = max(factor, round(height / factor) * factor)
    w_bar = max(factor, round(width / factor) * factor)
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = math.floor(height / beta / factor) * factor
        w_bar = math.floor(width / beta / factor) * factor
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


@dataclass(frozen=True)
class CoordinateSpace:
    """Maps a model's (x, y) to viewport pixels of a ``width`` x ``height`` screenshot."""

    mode: CoordinateMode
    width: int
    height: int

    def to_viewport(self, x: float, y: float) -> tuple[int, int]:
        if self.mode == "relative":
            sx, sy = self.width / 1000, self.height / 1000
        elif self.mode == "smart_resize":
            h_bar, w_bar = smart_resize(self.height, self.width)
            sx, sy = self.width / w_bar, self.height / h_bar
        else:
            sx = sy = 1.0
        px = min(max(round(x * sx), 0), self.width - 1)
        py = min(max(round(y * sy), 0), self.height - 1)
        return px, py


def coordinate_mode(value: str | None, default: CoordinateMode) -> CoordinateMode:
    """``SKYVERN_UI_TARS_COORDINATES`` checked against the modes there are."""
    if not value:
        return default
    for mode in get_args(CoordinateMode):
        if value.strip().lower() == mode:
            return mode  # type: ignore[no-any-return]
    raise ConfigurationError(
        f"SKYVERN_UI_TARS_COORDINATES={value!r} is not a coordinate mode; valid: "
        f"{', '.join(MODES)}")
