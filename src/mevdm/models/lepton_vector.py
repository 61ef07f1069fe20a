"""Light leptophilic vector X of U(1)_{L_e - L_mu} (jho2020, arXiv:2006.13910, Eqs. 6-9).

One kernel serves every elastic process of the paper: a fermion projectile of mass m1 and
kinetic energy K1 hits a fermion target of mass m2 at rest, exchanging X (mass m_X) with
vector couplings whose product is g1 g2.  With g1 g2 = 1 the kernels return
dsigma/dT in MeV^-3 (T = target kinetic recoil energy, MeV); multiply by (g1 g2)^2.

  nu e -> nu e    (Eq. 6):  m1 = m_nu = 0,   m2 = m_e,  T = K_r
  DM e -> DM e    (Eq. 8):  m1 = m_DM,       m2 = m_e,  T = K_e   (detector)
  e DM -> e DM    (B3):     m1 = m_e,        m2 = m_DM, T = K_DM  (cosmic-ray boost)
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

FOUR_PI = 4.0 * math.pi


@njit(cache=True)
def t_max(k1, m1, m2):
    """Maximum target recoil T_max = 2 m2 (K1^2 + 2 m1 K1)/((m1 + m2)^2 + 2 m2 K1) [MeV] (Eq. 9)."""
    return 2.0 * m2 * (k1 * k1 + 2.0 * m1 * k1) / ((m1 + m2) ** 2 + 2.0 * m2 * k1)


@njit(cache=True)
def k1_min(t, m1, m2):
    """Minimum projectile kinetic energy giving target recoil T [MeV] (inverse of Eq. 9; Eq. 7 at m1 = 0)."""
    b = 2.0 * m2 * t - 4.0 * m1 * m2
    disc = b * b + 8.0 * m2 * t * (m1 + m2) ** 2
    if b >= 0.0:
        return (b + math.sqrt(disc)) / (4.0 * m2)
    # b < 0 (heavy projectile, small recoil): rationalised form, no cancellation
    return 2.0 * t * (m1 + m2) ** 2 / (math.sqrt(disc) - b)


@njit(cache=True)
def dsigma_dT(t, k1, m1, m2, m_x):
    """dsigma/dT [MeV^-3] per unit (g1 g2)^2, Eqs. 6 and 8 of jho2020; zero outside kinematics."""
    if t <= 0.0 or k1 <= 0.0 or t > t_max(k1, m1, m2):
        return 0.0
    num = 2.0 * m2 * (m1 + k1) ** 2 - t * ((m1 + m2) ** 2 + 2.0 * m2 * k1) + m2 * t * t
    if num <= 0.0:
        return 0.0
    p1sq = 2.0 * m1 * k1 + k1 * k1
    prop = 2.0 * m2 * t + m_x * m_x
    return num / (FOUR_PI * p1sq * prop * prop)


@njit(cache=True)
def dsigma_dT_array(t, k1, m1, m2, m_x):
    """Vectorised dsigma_dT over recoil energies t [MeV] at one K1 (Eqs. 6, 8)."""
    out = np.empty(t.size)
    for i in range(t.size):
        out[i] = dsigma_dT(t[i], k1, m1, m2, m_x)
    return out


@njit(cache=True)
def sigma_total(k1, m1, m2, m_x, n_nodes=200):
    """Total cross section int_0^{T_max} dsigma/dT dT [MeV^-2] per unit (g1 g2)^2 (Gauss-Legendre in log T)."""
    tmax = t_max(k1, m1, m2)
    # The propagator varies on the scale T ~ m_X^2/(2 m2): integrate in log T from far below it.
    tlo = min(tmax, m_x * m_x / (2.0 * m2)) * 1.0e-8
    x, w = _gl(n_nodes)
    a, b = math.log(tlo), math.log(tmax)
    total = 0.0
    for i in range(n_nodes):
        lt = 0.5 * (b - a) * x[i] + 0.5 * (b + a)
        t = math.exp(lt)
        total += 0.5 * (b - a) * w[i] * t * dsigma_dT(t, k1, m1, m2, m_x)
    return total


@njit(cache=True)
def _gl(n):
    """Gauss-Legendre nodes and weights on [-1, 1] (Newton iteration; numba-friendly)."""
    x = np.empty(n)
    w = np.empty(n)
    for i in range(n):
        z = math.cos(math.pi * (i + 0.75) / (n + 0.5))
        for _ in range(100):
            p1, p2 = 1.0, 0.0
            for j in range(1, n + 1):
                p3 = p2
                p2 = p1
                p1 = ((2.0 * j - 1.0) * z * p2 - (j - 1.0) * p3) / j
            pp = n * (z * p1 - p2) / (z * z - 1.0)
            z1 = z
            z = z1 - p1 / pp
            if abs(z - z1) < 1e-15:
                break
        x[i] = -z
        w[i] = 2.0 / ((1.0 - z * z) * pp * pp)
    return x, w

