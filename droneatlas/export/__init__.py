"""Exports of a map view that work without the app: a briefing PNG (the png package) and more beside it."""
