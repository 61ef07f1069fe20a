"""`snakemake --report`: every figure caption of every src/mevdm/papers/*/figures.yaml, rendered
as Snakemake renders it (Jinja on workflow/report/figure.rst, then docutils), and the workflow
description page render without a docutils system message (the red "Docutils System Messages"
box); each caption is typeset (Greek letters, subscripts) and its other words survive verbatim."""

import html
import io
import re

import docutils.core
import jinja2
import pytest
import yaml

from mevdm.core.paths import CHECKOUT as REPO_ROOT
from mevdm.report_page import Caption, typeset

REPORT = REPO_ROOT / "workflow" / "report"
CAPTIONS = [(key.parent.name, name, spec["caption"])
            for key in sorted((REPO_ROOT / "src" / "mevdm" / "papers").glob("*/figures.yaml"))
            for name, spec in (yaml.safe_load(key.read_text())["figures"] or {}).items()]
ENV = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)  # Snakemake's report settings


class _Snakemake:
    def __init__(self, caption):
        self.params = type("P", (), {"caption": Caption(caption)})()
        self.config = yaml.safe_load((REPO_ROOT / "config" / "config.yaml").read_text())


def render(template: str, caption: str = "") -> tuple[str, list]:
    """(html body, system messages of level >= 2) as in snakemake.report."""
    rst = ENV.from_string(template).render(snakemake=_Snakemake(caption), categories={}, files={})
    stream = io.StringIO()  # docutils reports here every message it would show (level >= 2)
    body = docutils.core.publish_parts(rst, writer="html", settings_overrides={
        "report_level": 2, "halt_level": 5, "warning_stream": stream})["html_body"]
    messages = [line for line in stream.getvalue().splitlines() if line.strip()]
    if "system-message" in body or "problematic" in body:
        messages.append(body)
    return body, messages


def test_every_figure_has_a_caption():
    assert len(CAPTIONS) >= 25
    assert all(c.strip() for _, _, c in CAPTIONS)


@pytest.mark.parametrize("key, name, caption", CAPTIONS, ids=[f"{k}/{n}" for k, n, _ in CAPTIONS])
def test_caption_renders_without_system_message_and_verbatim(key, name, caption):
    body, messages = render((REPORT / "figure.rst").read_text(), caption)
    assert not messages, f"{key}/{name}: {messages}"
    assert "system-message" not in body
    assert " ".join(typeset(caption).split()) in " ".join(body.split()), f"{key}/{name}: caption altered"
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())
    # words without symbols pass unchanged; ASCII symbol spellings do not survive
    plain = [w for w in caption.split() if re.fullmatch(r"[A-Za-z][a-z]{3,}[,.;:]?", w)
             and not re.match(r"(alpha|delta|sigma|gamma|Delta|Omega|Lambda|omega|theta|kappa|chi)", w)]
    assert all(w in text for w in plain), f"{key}/{name}: {[w for w in plain if w not in text]}"
    assert "m_chi" not in text and "chi*" not in text and "alpha_D" not in text


@pytest.mark.parametrize("caption", ["|x| and |y|", "*a* _b_ `c` \\d", "1. not a list", "- not a list",
                                     "Table: x_ref_ [1]_ <a>", "a\\ b", ".. not a comment"])
def test_markup_characters_stay_literal(caption):
    body, messages = render((REPORT / "figure.rst").read_text(), caption)
    assert not messages, messages
    assert " ".join(caption.split()) in " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


@pytest.mark.parametrize("ascii_, typeset_html", [
    # the notation of the papers' captions (arXiv:2006.13918 Figs. 1-4, arXiv:2007.09105 Fig. 1)
    ("m_A' = 3 m_chi", "<i>m<sub>A′</sub></i> = 3 <i>m<sub>χ</sub></i>"),
    ("primordial chi* in the (m_chi, eps) plane", "primordial χ* in the (<i>m<sub>χ</sub></i>, ε) plane"),
    ("alpha_D = 0.5, delta = 3 keV", "α<sub>D</sub> = 0.5, δ = 3 keV"),
    ("sigma_e = 4e-38 cm^2", "σ<sub>e</sub> = 4×10<sup>−38</sup> cm<sup>2</sup>"),
    ("Delta chi^2 = 2.30", "Δ χ<sup>2</sup> = 2.30"),
    ("chi chibar -> 3a -> 3(e+e-)", "χ χ̄ → 3a → 3(e⁺e⁻)"),
    ("thermal <sigma v> and Omega h^2", "thermal ⟨σv⟩ and Ω <i>h<sup>2</sup></i>"),
    # identifiers stay as written: a JSON key, a module path, a folder
    ("see sigmav_line_over_cmb_10MeV_g1p3 and mevdm.early.relic in resources/constraints",
     "see sigmav_line_over_cmb_10MeV_g1p3 and mevdm.early.relic in resources/constraints"),
    ("a <b> & c", "a &lt;b&gt; &amp; c"),
])
def test_typeset(ascii_, typeset_html):
    assert typeset(ascii_) == typeset_html


def test_workflow_description_page_renders():
    snakefile = (REPO_ROOT / "Snakefile").read_text()
    assert re.search(r'^report:\s*"workflow/report/workflow.rst"', snakefile, re.M)
    body, messages = render((REPORT / "workflow.rst").read_text())
    assert not messages, messages
    assert "scoreboard" in body.lower()
