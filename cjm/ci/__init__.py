"""Helpers for CI jobs that are not cjm commands: the GitHub Action's comment poster.

Nothing here imports the rest of cjm, so a workflow that only posts a comment (the
fork-safe ``workflow_run`` recipe in ``examples/ci/``) loads no maps, no pydantic, no
jinja2, and the standard library is all it needs.
"""
