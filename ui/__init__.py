"""Streamlit helpers shared by the pages: session state, the store, errors and charts."""
