# Rules for ema2021 (Ema, Sala, Sato, arXiv:2007.09105). The three figures are generated in
# figures.smk from the registry (src/mevdm/figures/ema2021.py). No scan rules are needed:
# the heaviest figure (fig2, XENON1T S1+S2 limit on a 36 x 30 (M, delta) grid) takes ~5 ms per
# grid point (solar flux + Xe spectrum + SR1 folding), i.e. well under a minute in one job.
# NA64 is read through the constraint library (its data are declared by the figures).
