"""The app's own few CSS rules (constant text: nothing a person typed ever goes in here)."""

from __future__ import annotations

import streamlit as st


def apply() -> None:
    """Add the rules to the page (once per run; an element with no height)."""
    st.html(
        """
        <style>
        /* The copy button of a code block (the audit's reply) is always shown: a touch screen
           has no hover to reveal it. */
        [data-testid="stCode"] > div:has(button[aria-label="Copy to clipboard"]) {
          opacity: 1 !important;
          visibility: visible !important;
        }
        /* The rate calculator's one-line result stays in view while the inputs below it move (the
           keyed container sits in a wrapper of its own height, so the wrapper is what sticks). */
        div:has(> .st-key-rates_sticky) {
          position: sticky;
          top: 3.75rem;
          z-index: 20;
          background: var(--background-color, #ffffff);
          border-bottom: 1px solid #d7dfdb;
          padding: 0.35rem 0;
        }
        </style>
        """
    )
