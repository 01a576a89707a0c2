"""Streamlit helpers shared by the pages: session state, the store, errors and charts.

Importing this package also makes sure pages run through `app.py`: Streamlit 1.67 runs a
deep-linked page file on its own (old `pages/` folder mode, no shared shell or navigation) until
`app.py` has called `st.navigation` once in the process. Every page imports `ui`, and the first
import happens in that first run, so it switches the mode off and reruns through `app.py`.
"""

from streamlit.runtime.pages_manager import PagesManager

if PagesManager.uses_pages_directory:
    import streamlit as st

    PagesManager.uses_pages_directory = False
    st.rerun()
