"""The Streamlit side of Drone Atlas: only app.py, serve.py and this package import streamlit."""
