"""Baseline app for cold-start timing: a title, as small as a Streamlit app gets."""

import streamlit as st

st.title("Baseline")
