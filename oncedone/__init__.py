"""Once & Done: the engine (import, warehouse, indicators, charts), importable without Streamlit."""
