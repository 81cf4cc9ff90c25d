"""The canvas: output sizes, the slide's grid in canvas units, literal text and its measure.

Layout is designed once on a 1080-unit-high canvas (a 1920x1080 slide's pixels, 100 units
per inch) and every size is that canvas at another dpi, so 1280x720 is the same slide
smaller and A4 keeps the proportions of type and symbols (its PNG says 300 dpi, so it
prints at A4). All text goes through ``literal_text`` with mathtext off: a "$" in a title
or in data is a dollar sign, never TeX.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

FONT = "DejaVu Sans"

CANVAS_H = 1080.0  # layout unit = one pixel of a 1920x1080 slide
UNITS_PER_INCH = 100.0
PT_PER_UNIT = 72.0 / UNITS_PER_INCH
MARGIN = 36.0
HEADER_H = 128.0
FOOTER_H = 80.0
LEGEND_W = 390.0
GAP = 22.0
SYMBOL_SCALE = 1.4  # map symbols are sized for a screen; a projected slide needs them a bit larger

TITLE_PT, TITLE_MIN_PT = 30.0, 18.0
CAPTION_PT = 17.0
ASOF_PT = 15.0
LEGEND_PT = 13.0
FOOTER_PT = 11.5
SCALE_PT = 12.5

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in canvas units, y up from the bottom edge."""


@dataclass(frozen=True)
class PngSize:
    """An output size in pixels; ``print_dpi`` is written into the file for paper sizes."""

    width_px: int
    height_px: int
    label: str
    print_dpi: float | None = None


SIZES: dict[str, PngSize] = {
    "1920x1080": PngSize(1920, 1080, "Slide 1920 × 1080"),
    "1280x720": PngSize(1280, 720, "Slide 1280 × 720"),
    "a4": PngSize(3508, 2480, "A4 landscape, 300 dpi", print_dpi=300),
}


def png_size(size: str) -> PngSize:
    """``SIZES[size]``, or a ValueError naming the sizes there are."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    return SIZES[size]


def pt(units: float) -> float:
    """Canvas units in points (line widths, marker and font sizes)."""
    return units * PT_PER_UNIT


def literal_text(target: Figure | Axes, x: float, y: float, text: str, **kwargs) -> Text:
    """Text that is always literal: no mathtext, no TeX."""
    return target.text(x, y, text, parse_math=False, usetex=False, fontfamily=FONT, **kwargs)


class SlideCanvas(FigureCanvasAgg):
    """An Agg canvas that draws when the figure is saved or measured, never on request.

    geopandas' ``GeoSeries.plot`` ends with ``canvas.draw_idle()``, a redraw request meant
    for interactive windows; the base canvas answers it by rendering the whole figure at
    once, after each call (+7% CPU time for a slide, +15% for A4, measured). ``savefig``
    draws by itself.
    """

    def draw_idle(self, *args, **kwargs) -> None:
        """Nothing to refresh: no window shows this figure."""


class Layout:
    """Places things on the figure in canvas units and measures text."""

    def __init__(self, fig: Figure, canvas_w: float) -> None:
        self.fig, self.w = fig, canvas_w
        self.renderer = fig.canvas.get_renderer()
        self.px_per_unit = fig.dpi / UNITS_PER_INCH

    @classmethod
    def for_size(cls, size: PngSize) -> Layout:
        """A new figure of exactly ``size`` pixels (not pyplot-managed: nothing kept globally)."""
        dpi = size.height_px / CANVAS_H * UNITS_PER_INCH
        canvas_w = size.width_px / size.height_px * CANVAS_H
        # A hair over the pixel size: Agg truncates the canvas size to whole pixels.
        fig = Figure(figsize=((size.width_px + 1e-3) / dpi, (size.height_px + 1e-3) / dpi), dpi=dpi)
        SlideCanvas(fig)
        fig.patch.set_facecolor("white")
        return cls(fig, canvas_w)

    @property
    def map_box(self) -> Box:
        """The map: left of the legend, between header and footer."""
        return (MARGIN, FOOTER_H, self.w - MARGIN - LEGEND_W - GAP, CANVAS_H - HEADER_H)

    @property
    def legend_box(self) -> Box:
        """The room the legend may take: right of the map, as tall as it."""
        return (self.w - MARGIN - LEGEND_W, FOOTER_H, self.w - MARGIN, CANVAS_H - HEADER_H)

    def axes(self, box: Box) -> Axes:
        """New axes filling ``box``."""
        x0, y0, x1, y1 = box
        return self.fig.add_axes((x0 / self.w, y0 / CANVAS_H, (x1 - x0) / self.w, (y1 - y0) / CANVAS_H))

    def text(self, x: float, y: float, text: str, **kwargs) -> Text:
        """Literal text on the figure at canvas units ``x``, ``y``."""
        return literal_text(self.fig, x / self.w, y / CANVAS_H, text, **kwargs)

    def width(self, text: str, size_pt: float, weight: str = "normal") -> float:
        """Width of ``text`` in canvas units."""
        prop = FontProperties(family=FONT, size=size_pt, weight=weight)
        w, _h, _d = self.renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w / self.px_per_unit

    def wrap(self, text: str, size_pt: float, max_w: float, max_lines: int = 2) -> list[str]:
        """Words on up to ``max_lines`` lines of ``max_w`` units; the last one cut with '…'."""
        lines: list[str] = []
        words = text.split()
        while words and len(lines) < max_lines - 1:
            count = 1
            while count < len(words) and self.width(" ".join(words[: count + 1]), size_pt) <= max_w:
                count += 1
            if count == len(words) and self.width(" ".join(words), size_pt) <= max_w:
                break
            lines.append(self.ellipsize(" ".join(words[:count]), size_pt, max_w))
            words = words[count:]
        return [*lines, self.ellipsize(" ".join(words), size_pt, max_w)] if words else lines or [""]

    def ellipsize(self, text: str, size_pt: float, max_w: float, weight: str = "normal") -> str:
        """``text``, or its longest prefix + '…' that fits ``max_w`` units."""
        if self.width(text, size_pt, weight) <= max_w:
            return text
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(text[:mid].rstrip() + "…", size_pt, weight) <= max_w:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…"
