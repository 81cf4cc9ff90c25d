"""A briefing deck's files: one PDF (pdf.py), one PowerPoint file (pptx.py).

The offline HTML slideshow is a map, so it is built by layers.slideshow.
"""
