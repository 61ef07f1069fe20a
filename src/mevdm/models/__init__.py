"""Particle-physics models: couplings, cross sections, widths."""
