"""One self-contained HTML page per figure for `snakemake --report`: the PNG, the caption typeset
(chi -> χ, m_A' -> m_A′ with subscripts, 4e-38 cm^2 -> 4×10⁻³⁸ cm²), the paper's printed numbers
beside ours (resources/papers/<key>.yaml, as on the scoreboard), the figure JSON's departures
from the paper and its headline numbers."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from mevdm import scoreboard

GREEK = {name: chr(code) for name, code in [
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
    ("eps", 0x3B5), ("zeta", 0x3B6), ("theta", 0x3B8), ("kappa", 0x3BA), ("lambda", 0x3BB),
    ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3),
    ("tau", 0x3C4), ("phi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9),
    ("Gamma", 0x393), ("Delta", 0x394), ("Lambda", 0x39B), ("Sigma", 0x3A3), ("Phi", 0x3A6),
    ("Omega", 0x3A9)]}
_GREEK_RE = "|".join(sorted(GREEK, key=len, reverse=True))
# a symbol: a Greek name or one or two letters, then an optional _sub and ^sup and prime;
# identifiers (profile_chi2, mevdm.early.relic, JSON keys) are left as written
_SYMBOL = re.compile(
    rf"(?<![\w.])(?P<base>(?:{_GREEK_RE})(?![a-z])(?P<idx>[0-9](?![0-9]))?|[A-Za-z]{{1,2}}(?![A-Za-z]))"
    r"(?P<sub>_(?:\{[^}]*\}|[A-Za-z0-9]+(?:,[A-Za-z]+)?))?"
    r"(?P<sup>\^(?:\{[^}]*\}|\([^)]*\)|-?[0-9]+))?(?P<prime>')?(?![\w]|\.\w)")
_POWER10 = re.compile(r"(?<![\w.])([0-9.]+)e([+-]?)0*([0-9]+)(?![\w.])")
_PAREN_POWER = re.compile(r"\)\^(\([^)]*\)|-?[0-9]+)")
_SPECIAL = {"<sigma v>": "⟨σv⟩", "e+e-": "e⁺e⁻", "->": "→", ">~": "≳", "<~": "≲",
            "chibar": "χ̄", "sqrt(": "√("}
# a module path, a file path or a JSON key with several underscores: left as written
_PROTECTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|resources/\S+|\w+_\w+_\w+")


def _greek(text: str) -> str:
    """Greek names inside a sub/superscript (achi -> aχ, Le-Lmu -> Le-Lμ)."""
    return re.sub(rf"({_GREEK_RE})(?![a-z])", lambda m: GREEK[m.group(1)], text)


def _script(text: str) -> str:
    return html.escape(_greek(text[1:-1] if text[:1] in "{(" else text))


def _symbol(m: re.Match) -> str:
    base, sub, sup, prime = m.group("base"), m.group("sub"), m.group("sup"), m.group("prime")
    idx = m.group("idx")
    name = base[:-1] if idx else base
    if name not in GREEK and not (sub or sup):
        return html.escape(m.group(0))  # a plain word or letter (a, M, SR1...) stays
    out = html.escape(GREEK.get(name, name))
    if sub or idx:
        out += f"<sub>{_script(sub[1:]) if sub else idx}{'′' if prime else ''}</sub>"
    elif prime:
        out += "′"
    if sup:
        out += f"<sup>{_script(sup[1:]).replace('-', '−')}</sup>"
    # symbols in italics (m_chi, h^2), Greek letters and units (cm^2) upright
    return f"<i>{out}</i>" if name not in GREEK and (sub or len(name) == 1) else out


def _plain(text: str) -> str:
    """Symbols, powers of ten and )^n of a piece of text without special tokens."""
    text = _POWER10.sub(lambda m: f"{m.group(1)}\0p{m.group(2)}{m.group(3)}\0", text)
    out = []
    for j, bit in enumerate(re.split(r"\0p([+-]?[0-9]+)\0", text)):
        if j % 2:
            out.append(f"×10<sup>{bit.replace('-', '−').lstrip('+')}</sup>")
            continue
        pos = 0
        for m in _SYMBOL.finditer(bit):
            out += [_paren(bit[pos:m.start()]), _symbol(m)]
            pos = m.end()
        out.append(_paren(bit[pos:]))
    return "".join(out)


def _paren(text: str) -> str:
    parts = _PAREN_POWER.split(text)
    return "".join(html.escape(p) if i % 2 == 0 else f")<sup>{_script(p).replace('-', '−')}</sup>"
                   for i, p in enumerate(parts)).replace(")<sup>", ")<sup>", 1)


def typeset(text: str) -> str:
    """HTML of a caption written in plain ASCII (figures.yaml): Greek letters, sub- and
    superscripts, primes, powers of ten, arrows; anything else escaped and kept verbatim."""
    pattern = "|".join([_PROTECTED.pattern] + [re.escape(k) for k in _SPECIAL])
    out, pos = [], 0
    for m in re.finditer(pattern, text):
        out.append(_plain(text[pos:m.start()]))
        out.append(_SPECIAL.get(m.group(0)) or html.escape(m.group(0)))
        pos = m.end()
    out.append(_plain(text[pos:]))
    return "".join(out)


class Caption(str):
    """A figure caption as a rule parameter: the plain text, and `.html` typeset for the
    report's caption template (workflow/report/figure.rst reads snakemake.params.caption.html)."""

    @property
    def html(self) -> str:
        return typeset(self)


def _value(x) -> str:
    if isinstance(x, float):
        return f"{x:.5g}"
    return html.escape(str(x))


def headline(numbers: dict) -> list[tuple[str, str]]:
    """(name, value) of the JSON's top-level numbers and strings, and one level of its
    dictionaries (paper.*, variant.*), in the JSON's order; arrays and private keys left out."""
    rows = []
    for key, value in numbers.items():
        if key.startswith("_") or key == "departures":
            continue
        if isinstance(value, (int, float, str, bool)):
            rows.append((key, _value(value)))
        elif isinstance(value, dict):
            rows += [(f"{key}.{k}", _value(v)) for k, v in value.items()
                     if isinstance(v, (int, float, str, bool)) and not k.startswith("_")]
    return rows


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _departure(item) -> str:
    if isinstance(item, dict):
        return "; ".join(f"<b>{html.escape(str(k))}</b>: {_value(v)}" for k, v in item.items())
    return html.escape(str(item))


def paper_rows(key: str, name: str, results_dir) -> list[dict]:
    """The scoreboard rows of one figure: each number the paper prints for it, with ours."""
    if key not in scoreboard.paper_keys(scoreboard.PAPERS_DIR):
        return []
    cache = {}  # only this figure's JSON is read
    return [scoreboard._row(key, e, Path(results_dir), cache)
            for e in scoreboard.load_paper_numbers(key)["numbers"] if e.get("figure") == name]


def figure_page(key: str, name: str, caption: str, numbers: dict, png: bytes, rows: list[dict]) -> str:
    """Self-contained HTML (inline style, PNG as a data URL) of one figure."""
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{esc(key)} {esc(name)}</title><style>",
           "body{font-family:sans-serif;margin:1.5em;max-width:70em}img{max-width:100%}",
           "table{border-collapse:collapse;margin-bottom:1.5em}",
           "th,td{border:1px solid #bbb;padding:2px 6px;font-size:0.9em;vertical-align:top}",
           "th{background:#eee}td.num{text-align:right;font-family:monospace}",
           "tr.match td.st{background:#d8f5d8}tr.explained td.st{background:#fdf3c8}",
           "tr.open td.st{background:#f9d6d6}",
           "</style></head><body>",
           f"<h1>{esc(key)} / {esc(name)}</h1>",
           f'<img alt="{esc(key)} {esc(name)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">',
           f'<p class="caption">{typeset(caption)}</p>']
    if rows:
        out.append('<h2>Paper vs ours</h2><table class="paper"><tr><th>id</th><th>quantity</th>'
                   "<th>paper</th><th>ours</th><th>ours/paper</th><th>status</th><th>where</th>"
                   "<th>ours per thermodynamics</th></tr>")
        for r in rows:
            cells = [esc(r["id"]), typeset(r["quantity"] or ""), scoreboard._fmt(r["paper_value"]),
                     scoreboard._fmt(r["ours"]), scoreboard._fmt(r["ratio"])]
            status = f"claim: {r['grade']}" if r.get("kind") == "claim" else r["status"]
            out.append(f'<tr class="{esc(r["status"])}">' + "".join(
                f'<td{" class=num" if i >= 2 else ""}>{c}</td>' for i, c in enumerate(cells))
                + f'<td class="st">{esc(status)}</td><td>{esc(r["where"] or "")}</td>'
                + f'<td>{esc(scoreboard.thermodynamics_cell(r))}</td></tr>')
        out.append("</table>")
    departures = numbers.get("departures") or []
    if departures:
        out.append('<h2>Departures from the paper</h2><ul class="departures">')
        out += [f"<li>{_departure(d)}</li>" for d in departures]
        out.append("</ul>")
    out.append('<h2>Headline numbers</h2><table class="headline"><tr><th>name</th><th>value</th></tr>')
    out += [f'<tr><td>{esc(k)}</td><td{" class=num" if _is_number(v) else ""}>{v}</td></tr>'
            for k, v in headline(numbers)]
    out += ["</table>", f"<p>All numbers: <code>results/{esc(key)}/{esc(name)}.json</code>; "
            f"curves: <code>results/{esc(key)}/{esc(name)}.csv</code>.</p>", "</body></html>"]
    return "\n".join(out) + "\n"
