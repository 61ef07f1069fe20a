"""Standard halo model: local DM density and the Earth-frame speed distribution."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mevdm.core import checks as check


@dataclass(frozen=True)
class StandardHalo:
    """Maxwell-Boltzmann halo, smoothly truncated at v_esc (f_gal ~ e^{-u^2/v0^2} - e^{-v_esc^2/v0^2}),
    boosted to the Earth frame (speeds in km/s)."""

    v0_km_s: float = 220.0
    v_esc_km_s: float = 544.0
    v_earth_km_s: float = 232.0
    rho_GeV_cm3: float = 0.3

    def __post_init__(self):
        # f(v) divides by v_E (the angular integral in the Earth frame): v_E = 0 is no frame
        for name in ("v0_km_s", "v_esc_km_s", "v_earth_km_s", "rho_GeV_cm3"):
            check.number(name, getattr(self, name), lo=0.0, lo_open=True)
        if not 0 < self.v0_km_s < self.v_esc_km_s:
            raise ValueError(f"halo needs 0 < v0 < v_esc, got v0={self.v0_km_s}, "
                             f"v_esc={self.v_esc_km_s} km/s")

    @property
    def v_max_km_s(self) -> float:
        return self.v_esc_km_s + self.v_earth_km_s

    def _unnormalised(self, v):
        v0, ve, vesc = self.v0_km_s, self.v_earth_km_s, self.v_esc_km_s
        v = np.asarray(v, dtype=float)
        # angular integral of exp(-|v + v_E|^2/v0^2) inside the escape sphere
        upper = np.minimum((v + ve) ** 2, vesc**2)
        f = v / ve * (np.exp(-((v - ve) ** 2) / v0**2) - np.exp(-upper / v0**2))
        # the truncation constant exp(-v_esc^2/v0^2) over the allowed solid angle
        f -= v / ve * np.exp(-vesc**2 / v0**2) * np.clip((upper - (v - ve) ** 2) / v0**2, 0, None)
        return np.where((v > 0) & (v < self.v_max_km_s), np.clip(f, 0, None), 0.0)

    def speed_pdf(self, v_km_s):
        """f(v) [1/(km/s)], normalised to 1 on 0 < v < v_esc + v_E."""
        v_km_s = check.array("v_km_s", v_km_s, lo=0.0, unit="km/s")
        grid = np.linspace(0, self.v_max_km_s, 4001)
        norm = np.trapezoid(self._unnormalised(grid), grid)
        return self._unnormalised(v_km_s) / norm

    def speed_grid(self, n=800):
        """Nodes and trapezoid weights f(v) dv over the support (km/s)."""
        n = check.integer("n", n, lo=2, hi=10**7)
        v = np.linspace(0, self.v_max_km_s, n + 1)[1:]
        w = self.speed_pdf(v) * np.gradient(v)
        return v, w / w.sum()
