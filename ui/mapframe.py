"""The map's frame: streamlit-folium's own page, from static/map_frame/, where it preloads
what every first map loads (droneatlas.assets._write_map_frame: the bundle, the
stylesheets, the coarse borders). Its own page starts them only after it has asked
Streamlit for the map's arguments; preloaded, the first map came 0.12 s sooner at 100,000
strikes (1.66 against 1.53 s, one server, the two pages in turn, 14 visits each).

The one private part of streamlit-folium we touch: st_folium draws through the module's
``_component_func``, which ``use_preloading_frame`` points at this component.
tests/app/test_mapframe.py fails with a clear message if that changes.
"""

from __future__ import annotations

import streamlit.components.v1 as components
import streamlit_folium

from droneatlas.assets import MAP_FRAME_DIR
from droneatlas.settings import STATIC_DIR

FRAME_PAGE = STATIC_DIR / MAP_FRAME_DIR
# Declared here, when the app's script imports this module: the frame's title (and the
# component's address) is then "ui.mapframe.st_folium".
_frame = components.declare_component("st_folium", path=str(FRAME_PAGE))


def use_preloading_frame() -> bool:
    """Draw st_folium's maps in the preloading frame; False (the stock frame) when the
    page was not installed (`make install` writes it)."""
    if not (FRAME_PAGE / "index.html").is_file():
        return False
    streamlit_folium._component_func = _frame
    return True
