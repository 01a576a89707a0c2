"""Baseline page for rerun timing: one slider and its value, nothing else."""

import streamlit as st

value = st.slider("Value", 0, 100, 50, key="value")
st.write(value)
