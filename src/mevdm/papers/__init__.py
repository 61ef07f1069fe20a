"""The papers: one house per paper, ``papers/<key>/`` with

- ``figures.yaml``: the static table of its targets (caption, data, limits, scans, config keys),
  read by ``mevdm.core.registry`` without importing any physics or plotting code;
- ``checks.py``: cross-field config checks (registered by ``mevdm.configuration``);
- ``analysis.py``: the numbers and arrays (no matplotlib), incl. ``scan_chunk`` for scans;
- ``figures.py``: one function ``<name>(ctx) -> FigureResult`` per target (``mevdm.figure``),
  plotting only what the analysis returns.

``mevdm.build.build(key, name, ...)`` runs a figure and writes ``<name>.pdf/.png/.json/.csv``.
"""
