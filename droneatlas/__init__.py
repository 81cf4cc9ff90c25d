"""Drone Atlas: pure domain code (no streamlit here)."""
