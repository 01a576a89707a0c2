"""Text helpers for Streamlit markdown."""


def md(text: str) -> str:
    """Text for `st.markdown` with dollar signs kept literal (a pair would start a formula)."""
    return text.replace("$", r"\$")
