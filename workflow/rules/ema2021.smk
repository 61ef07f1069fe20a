# Rules for ema2021 (scan chunks, intermediate tables). Figures themselves are generated
# in figures.smk from the registry; add FIGURE_EXTRA_INPUTS[(key, name)] here.
