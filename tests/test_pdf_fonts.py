"""Figure PDFs embed their fonts as TrueType (Type 42), never Type 3 (journals refuse Type 3):
pdffonts (poppler-utils) when installed, else the PDF's own font dictionaries."""

import re
import shutil
import subprocess

import numpy as np

from mevdm.core import plotting


def pdf_font_types(path) -> list[str]:
    """Font types of a PDF: pdffonts' 'type' column, else /Subtype of each /Font object."""
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        # columns: name, type (may be two words, e.g. "CID TrueType"), encoding, emb, sub, uni, id
        return [re.split(r"\s{2,}|\s(?=Custom|Identity|Builtin|Standard|WinAnsi|MacRoman)", line.strip())[1]
                if len(line.split()) > 1 else "" for line in lines]
    data = path.read_bytes()
    return [m.decode() for m in re.findall(rb"/Type\s*/Font\b[^>]*?/Subtype\s*/(\w+)", data)] + \
        [m.decode() for m in re.findall(rb"/Subtype\s*/(\w+)[^>]*?/Type\s*/Font\b", data)]


def test_figure_pdf_has_truetype_fonts_and_no_type3(tmp_path):
    fig, ax = plotting.new_figure()
    x = np.linspace(1, 10, 20)
    ax.plot(x, x**2, label=r"$\sigma_e\,[\mathrm{cm}^2]$, $|m^2_X|$")
    ax.set_xlabel(r"$m_\chi$ [MeV]")
    ax.set_ylabel("rate / (t yr)")
    ax.legend()
    plotting.save(fig, pdf=tmp_path / "f.pdf")
    types = pdf_font_types(tmp_path / "f.pdf")
    assert types, "no fonts found"
    assert not [t for t in types if "Type 3" in t or t == "Type3"], types
    assert any("TrueType" in t or t == "CIDFontType2" for t in types), types
    # the fallback reader agrees with pdffonts on the same file
    data = (tmp_path / "f.pdf").read_bytes()
    assert b"/Type3" not in data


def test_the_check_sees_type3_fonts(tmp_path):
    """The check can fail: matplotlib's own default (Type 3) is reported as such."""
    import matplotlib.pyplot as plt

    with plt.rc_context({"pdf.fonttype": 3}):
        fig, ax = plt.subplots()
        ax.set_xlabel("x")
        fig.savefig(tmp_path / "t3.pdf")
        plt.close(fig)
    assert any(t in ("Type 3", "Type3") for t in pdf_font_types(tmp_path / "t3.pdf"))
