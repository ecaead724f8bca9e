"""The reference pages in ``docs/`` that are generated, never edited by hand.

``docs/format.md`` comes from the models' JSON schema (the one ``cjm schema`` writes)
with examples taken from ``examples/``; ``docs/cli.md`` from the typer app's own help.
``python -m cjm.docs`` rewrites both; a test fails when the committed pages are stale.
"""
