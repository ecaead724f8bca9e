"""The HTML journey map and index, from jinja2 templates compiled once per process.

Autoescape is on and undefined names are errors, so a ``<script>`` in a persona's name
is printed as text and a typo in a template fails the tests instead of printing
nothing. The page is self-contained: inline CSS and SVG, no scripts, no fonts, no
network; its Content-Security-Policy forbids loading anything at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import jinja2

from cjm.html_templates import environment as jinja_environment
from cjm.model import JourneyDocument
from cjm.render.portfolio import index_page
from cjm.render.view import journey_page
from cjm.workspace import Workspace


def environment() -> jinja2.Environment:
    """The map pages' environment (see :mod:`cjm.html_templates`)."""
    return jinja_environment("cjm.render")


def site_title(workspace: Workspace) -> str:
    return workspace.config.name or "Customer journeys"


def render_journey(workspace: Workspace, journey: JourneyDocument, *, today: datetime.date) -> str:
    """The journey's page; ``today`` dates its goals' "due in" (``cjm render`` gives
    every page the one day it resolved)."""
    page = journey_page(workspace, journey, site_title=site_title(workspace), today=today)
    return environment().get_template("journey.html.j2").render(page=page)


def render_index(
    workspace: Workspace,
    journeys: Sequence[JourneyDocument],
    *,
    today: datetime.date,
) -> str:
    """The portfolio dashboard; ``today`` decides what is overdue and due soon."""
    page = index_page(workspace, journeys, site_title=site_title(workspace), today=today)
    return environment().get_template("index.html.j2").render(page=page)
