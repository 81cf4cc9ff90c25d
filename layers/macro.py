"""The base of our map elements: a folium MacroElement whose output stays plain text.

branca's MacroElement.render wraps each macro's output in a new Element built from that
output as a Jinja template: every element is compiled again on every render, and
streamlit-folium renders the map several times per run. That was ~50 ms of a ~100 ms run.
Our elements' output is final JavaScript (data in it already escaped, droneatlas.text):
kept as text, it is neither compiled nor given a second template pass.
"""

from __future__ import annotations

from branca.element import Element, MacroElement


class Text(Element):
    """Finished output: renders as itself."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class Macro(MacroElement):
    """A MacroElement whose header, html and script macros are rendered once, as text."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(Text(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
