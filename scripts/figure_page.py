"""The report page of one figure (rule figure_page): PNG, typeset caption, paper vs ours,
departures and headline numbers, in one self-contained HTML file."""

import json
from pathlib import Path

from mevdm.core.io import atomic_path
from mevdm.report_page import figure_page, paper_rows

from _helpers import finish, setup_logging

log = setup_logging(snakemake)  # noqa: F821
key, name = snakemake.wildcards.key, snakemake.wildcards.name  # noqa: F821
numbers = json.loads(Path(snakemake.input.json).read_text())  # noqa: F821
rows = paper_rows(key, name, snakemake.params.results)  # noqa: F821
page = figure_page(key, name, snakemake.params.caption, numbers,  # noqa: F821
                   Path(snakemake.input.png).read_bytes(), rows)  # noqa: F821
with atomic_path(snakemake.output[0]) as tmp:  # noqa: F821
    Path(tmp).write_text(page, encoding="utf-8")
log.info("%d paper numbers, %d departures", len(rows), len(numbers.get("departures") or []))
finish()
