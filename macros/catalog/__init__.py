"""The catalog: every file of data/ read, validated and assembled into one typed model (see assemble.py)."""
