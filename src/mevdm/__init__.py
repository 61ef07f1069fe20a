"""mevdm: physics kernels for reproducing five papers on MeV-scale dark matter.

Units: MeV, cm, s throughout (see :mod:`mevdm.core.units`).
"""

__version__ = "0.1.0"
