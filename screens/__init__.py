"""Streamlit screens a page shows, one module per feature: the page script stays a short list of
what is on the page."""
