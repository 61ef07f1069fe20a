"""Shared matplotlib style and deterministic figure saving."""

from __future__ import annotations

from pathlib import Path

import logging

import matplotlib

matplotlib.use("Agg")
# fontTools (Type 42 subsetting) warns about the zeroed font timestamps we ask for: not news
logging.getLogger("fontTools").setLevel(logging.ERROR)
import matplotlib.pyplot as plt  # noqa: E402

from mevdm.core.io import atomic_path  # noqa: E402

STYLE = Path(__file__).with_name("mevdm.mplstyle")

# No timestamps or tool versions in figure metadata: identical inputs give identical bytes.
PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
PNG_METADATA = {"Software": None}


def use_style() -> None:
    plt.style.use(STYLE)


def new_figure(ncols: int = 1, nrows: int = 1, width: float | None = None,
               height: float | None = None, **kwargs):
    """Figure and axes in the shared style; width/height in inches per panel."""
    use_style()
    w, h = plt.rcParams["figure.figsize"]
    fig, axes = plt.subplots(nrows, ncols, figsize=((width or w) * ncols, (height or h) * nrows),
                             **kwargs)
    return fig, axes


def save(fig, pdf=None, png=None) -> None:
    """Write PDF and/or PNG atomically, without timestamps."""
    if pdf is not None:
        with atomic_path(pdf) as tmp:
            fig.savefig(tmp, format="pdf", metadata=PDF_METADATA)
    if png is not None:
        with atomic_path(png) as tmp:
            fig.savefig(tmp, format="png", metadata=PNG_METADATA)
    plt.close(fig)
