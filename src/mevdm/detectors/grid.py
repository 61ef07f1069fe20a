"""Size bounds of the detector response grids, checked with the config before any job (light:
the config check imports this, not the detectors)."""

# response_matrix holds, per true-energy cell, 29 bins and two work arrays of 50 nodes (float64)
BYTES_PER_TRUE_CELL = 8 * (29 + 2 * 50)
MAX_TRUE_CELLS = 2_000_000  # ~2 GiB
