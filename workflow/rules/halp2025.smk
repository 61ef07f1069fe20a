# Rules for halp2025 ("(H)ALPing the 511 keV line", spec paper-001).
# Every target (table_b1, fig1, fig2, fig3, figc1, figd1) is one job generated in figures.smk from
# the figure registry: each builds in < 60 s on one core (numba kernels, no scan chunks), so no
# intermediate rules are needed.  fig2's constraint overlays are computed by the constraint library
# inside the figure job (its data files are declared in the figure's `data=`).
