"""`snakemake --report`: every figure caption of every src/mevdm/papers/*/figures.yaml, rendered
as Snakemake renders it (Jinja on workflow/report/figure.rst, then docutils), and the workflow
description page render without a docutils system message (the red "Docutils System Messages"
box), and the words of each caption survive verbatim."""

import html
import io
import re

import docutils.core
import jinja2
import pytest
import yaml

from mevdm.core.paths import CHECKOUT as REPO_ROOT

REPORT = REPO_ROOT / "workflow" / "report"
CAPTIONS = [(key.parent.name, name, spec["caption"], tuple(spec.get("departures", ())))
            for key in sorted((REPO_ROOT / "src" / "mevdm" / "papers").glob("*/figures.yaml"))
            for name, spec in (yaml.safe_load(key.read_text())["figures"] or {}).items()]
ENV = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)  # Snakemake's report settings


class _Snakemake:
    def __init__(self, caption, departures=()):
        self.params = type("P", (), {"caption": caption, "departures": departures})()
        self.config = yaml.safe_load((REPO_ROOT / "config" / "config.yaml").read_text())


def render(template: str, caption: str = "", departures=()) -> tuple[str, list]:
    """(html body, system messages of level >= 2) as in snakemake.report."""
    rst = ENV.from_string(template).render(snakemake=_Snakemake(caption, departures), categories={}, files={})
    stream = io.StringIO()  # docutils reports here every message it would show (level >= 2)
    body = docutils.core.publish_parts(rst, writer="html", settings_overrides={
        "report_level": 2, "halt_level": 5, "warning_stream": stream})["html_body"]
    messages = [line for line in stream.getvalue().splitlines() if line.strip()]
    if "system-message" in body or "problematic" in body:
        messages.append(body)
    return body, messages


def test_every_figure_has_a_caption():
    assert len(CAPTIONS) >= 25
    assert all(c.strip() for _, _, c, _ in CAPTIONS)


@pytest.mark.parametrize("key, name, caption, departures", CAPTIONS, ids=[f"{k}/{n}" for k, n, *_ in CAPTIONS])
def test_caption_renders_without_system_message_and_verbatim(key, name, caption, departures):
    """The caption, then each departure from the paper (figures.yaml `departures:`) as a list."""
    body, messages = render((REPORT / "figure.rst").read_text(), caption, departures)
    assert not messages, f"{key}/{name}: {messages}"
    assert "system-message" not in body
    text = re.sub(r"<[^>]+>", "", body)
    text = " ".join(html.unescape(text).split())
    assert " ".join(caption.split()) in text, f"{key}/{name}: caption altered:\n{text}"
    for d in departures:
        assert " ".join(d.split()) in text, f"{key}/{name}: departure altered:\n{text}"
    assert ("Departures from the paper" in text) == bool(departures)


@pytest.mark.parametrize("caption", ["|x| and |y|", "*a* _b_ `c` \\d", "1. not a list", "- not a list",
                                     "Table: x_ref_ [1]_ <a>", "a\\ b", ".. not a comment"])
def test_markup_characters_stay_literal(caption):
    body, messages = render((REPORT / "figure.rst").read_text(), caption)
    assert not messages, messages
    assert " ".join(caption.split()) in " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def test_workflow_description_page_renders():
    snakefile = (REPO_ROOT / "Snakefile").read_text()
    assert re.search(r'^report:\s*"workflow/report/workflow.rst"', snakefile, re.M)
    body, messages = render((REPORT / "workflow.rst").read_text())
    assert not messages, messages
    assert "scoreboard" in body.lower()
