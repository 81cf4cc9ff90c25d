"""Frames (droneatlas.export.animation) into an animated GIF (Pillow) or an MP4 (H.264).

Both work offline: Pillow is a wheel, and the MP4 encoder is the ffmpeg binary that the
imageio-ffmpeg wheel ships. Frames are taken as they come, so a long animation never holds
more than one frame (the GIF: its palette-indexed frames, ~1/3 of RGB). A file is written
beside its destination and renamed into place at the end: never half a video, and what
a killed run left beside it is removed by the next (droneatlas.atomicfile).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image

from droneatlas.atomicfile import replaced_at_the_end

FORMATS = ("mp4", "gif")
MIME = {"mp4": "video/mp4", "gif": "image/gif"}


def write_video(frames: Iterable[np.ndarray], path: Path, *, fps: float, fmt: str) -> int:
    """Encode RGB ``frames`` (height x width x 3, uint8) at ``fps`` into ``path``; return the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    with replaced_at_the_end(Path(path), suffix=Path(path).suffix) as partial:
        return (_write_mp4 if fmt == "mp4" else _write_gif)(frames, partial, fps)


def _write_mp4(frames: Iterable[np.ndarray], path: Path, fps: float) -> int:
    count, writer = 0, None
    try:
        for pixels in frames:
            if writer is None:
                writer = _mp4_writer(path, pixels.shape[1], pixels.shape[0], fps)
            writer.send(np.ascontiguousarray(pixels))
            count += 1
    finally:
        if writer is not None:
            writer.close()  # also when a frame failed: ffmpeg exits before its file is removed
    if writer is None:
        raise ValueError("no frames to encode")
    return count


def _mp4_writer(path: Path, width: int, height: int, fps: float) -> Generator:
    """A started H.264 encoder (imageio-ffmpeg's generator: send it RGB frames, then close it)."""
    writer = imageio_ffmpeg.write_frames(
        str(path),
        (width, height),
        fps=fps,
        codec="libx264",
        pix_fmt_out="yuv420p",  # what stock players (QuickTime, browsers, phones) decode
        quality=7,
        macro_block_size=8,  # 1080 is not a multiple of 16: no resize, no warning
        output_params=["-movflags", "+faststart"],  # playable while it downloads
        ffmpeg_log_level="error",
    )
    writer.send(None)
    return writer


def _write_gif(frames: Iterable[np.ndarray], path: Path, fps: float) -> int:
    """One palette for every frame (the first's): colours do not flicker between frames,
    and quantising against a fixed palette is ~4x faster than finding one per frame."""
    images = iter(_paletted(frames))
    first = next(images, None)
    if first is None:
        raise ValueError("no frames to encode")
    rest = list(images)
    # GIF stores delays in hundredths of a second.
    first.save(path, format="GIF", save_all=True, append_images=rest, duration=round(1000 / fps, -1), loop=0)
    return 1 + len(rest)


def _paletted(frames: Iterable[np.ndarray]) -> Iterator[Image.Image]:
    palette = None
    for pixels in frames:
        image = Image.fromarray(pixels, "RGB")
        if palette is None:
            palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
            yield palette
        else:
            yield image.quantize(palette=palette, dither=Image.Dither.NONE)
