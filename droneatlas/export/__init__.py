"""Exports of a map view that work without the app: a briefing PNG (png.py) and more beside it."""
