"""In-flight annihilation (IfA) of positrons and the positronium emission (halp2025, spec paper-001 §7).

Beacom & Yuksel 2006 generalised to a continuous injection spectrum:
* Heitler differential cross section e+ e-(rest) -> gamma gamma and the Dirac total cross section;
* positron energy losses per target electron in neutral (Bethe, I = 15 eV) or ionised gas
  (plasma log), mixed with an ionised fraction x_ion;
* survival probability P(E0 -> E) = exp[-(tau(E0) - tau(E))], tau(E) = int sigma_D/L dE;
* IfA photon yield per injected positron and its normalisation to the 511 keV line;
* ortho-positronium 3 gamma continuum (Ore-Powell) and para-positronium 511 keV line.

Units: energies in MeV (photon energy k in units of m_e inside kernels), cross sections in cm^2,
energy loss per target electron L = |dE/dx|/n_e in MeV cm^2. The gas density cancels in P and in
the IfA yield (only n_e/(dE/dx) enters) except through the plasma frequency of the ionised log.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from mevdm.core import checks as check
from mevdm.core import units as u

# Classical electron radius [cm] = alpha hbar c / (m_e c^2).
R_E_CM = u.R_E_CM
PI_RE2 = math.pi * R_E_CM ** 2
HBAR_OMEGA_P_EV_PER_SQRT_NE = 3.71e-11  # plasma energy hbar omega_p = 3.71e-11 sqrt(n_e/cm^-3) eV (spec §7)
I_H_EV = 15.0  # mean excitation energy of neutral H used by Beacom & Yuksel (spec §7)
F_PS_DEFAULT = u.F_PS  # positronium fraction
LINE_FWHM_MEV = 2.5e-3  # SPI line width (CHOICE spec §7)


# ------------------------------------------------------------------ cross sections
@njit(cache=True)
def heitler_dsigma_dk(k, gam):
    """Heitler d sigma/dk [cm^2] for e+ (Lorentz gam) on e- at rest, k = E_gamma/m_e (spec §7)."""
    p = math.sqrt(gam * gam - 1.0)
    kmin = 0.5 * (gam + 1.0 - p)
    kmax = 0.5 * (gam + 1.0 + p)
    if k < kmin or k > kmax or p <= 0.0:
        return 0.0
    brace = (-(3.0 + gam) / (1.0 + gam) + (3.0 + gam) / k - 1.0 / (k * k)) / (1.0 - k / (1.0 + gam)) ** 2 - 2.0
    return PI_RE2 / (gam * gam - 1.0) * brace


@njit(cache=True)
def sigma_dirac(gam):
    """Dirac total e+e- -> 2 gamma cross section [cm^2] for e+ Lorentz factor gam, e- at rest (spec §7)."""
    p = math.sqrt(gam * gam - 1.0)
    return PI_RE2 / (gam + 1.0) * ((gam * gam + 4.0 * gam + 1.0) / (gam * gam - 1.0) * math.log(gam + p)
                                   - (gam + 3.0) / p)


@njit(cache=True)
def gamma_min(k):
    """Minimum positron Lorentz factor producing a photon of energy k m_e (k > 1/2): (2k^2-2k+1)/(2k-1)."""
    return (2.0 * k * k - 2.0 * k + 1.0) / (2.0 * k - 1.0)


def k_max(T_max_MeV):
    """Highest IfA photon energy [MeV] = (E + m_e + p)/2 for a positron of kinetic energy T_max (spec §7)."""
    E = T_max_MeV + u.M_E
    p = math.sqrt(E * E - u.M_E ** 2)
    return 0.5 * (E + u.M_E + p)


# ------------------------------------------------------------------ energy losses
@njit(cache=True)
def loss_neutral(T, I_MeV):
    """Positron Bethe loss per target electron |dE/dx|/n_e [MeV cm^2] in neutral gas (spec §7)."""
    tau = T / u.M_E
    gam = tau + 1.0
    b2 = 1.0 - 1.0 / (gam * gam)
    y = tau + 2.0
    fplus = 2.0 * math.log(2.0) - (b2 / 12.0) * (23.0 + 14.0 / y + 10.0 / (y * y) + 4.0 / (y * y * y))
    arg = tau * tau * (tau + 2.0) / (2.0 * (I_MeV / u.M_E) ** 2)
    val = 2.0 * PI_RE2 * u.M_E / b2 * (math.log(arg) + fplus)
    return max(val, 0.0)


@njit(cache=True)
def loss_ionised(T, hbar_omega_p_MeV):
    """Positron loss per free electron |dE/dx|/n_e [MeV cm^2] in ionised gas, plasma log (spec §7)."""
    gam = T / u.M_E + 1.0
    b2 = 1.0 - 1.0 / (gam * gam)
    arg = u.M_E * math.sqrt(b2) * math.sqrt(gam - 1.0) / hbar_omega_p_MeV
    return max(4.0 * PI_RE2 * u.M_E / b2 * math.log(arg), 0.0)


@njit(cache=True)
def loss_per_electron(T, x_ion, I_MeV, hbar_omega_p_MeV):
    """|dE/dx|/n_e [MeV cm^2] for ionised fraction x_ion (spec §7; switch neutral/ionised)."""
    return (1.0 - x_ion) * loss_neutral(T, I_MeV) + x_ion * loss_ionised(T, hbar_omega_p_MeV)


# ------------------------------------------------------------------ kernels
@njit(cache=True)
def tau_grid(T, x_ion, I_MeV, hwp_MeV):
    """Optical depth tau(T_i) = int_{T_0}^{T_i} sigma_D/L dT on a log grid T [MeV] (trapezoid in ln T)."""
    n = T.size
    f = np.empty(n)
    for i in range(n):
        gam = T[i] / u.M_E + 1.0
        f[i] = sigma_dirac(gam) / loss_per_electron(T[i], x_ion, I_MeV, hwp_MeV) * T[i]
    tau = np.zeros(n)
    for i in range(1, n):
        tau[i] = tau[i - 1] + 0.5 * (f[i] + f[i - 1]) * (math.log(T[i]) - math.log(T[i - 1]))
    return tau


@njit(cache=True)
def ifa_yield_kernel(k, lT, N, Lloss, gx, gw):
    """dN_gamma/dk per injected positron: int_{E_min(k)} dE (d sigma/dk)/L N(E) (spec §7), N on a ln T grid."""
    out = np.zeros(k.size)
    me = u.M_E
    Ttop = math.exp(lT[-1])
    n = lT.size
    for i in range(k.size):
        if k[i] <= 0.5:
            continue
        Tlo = (gamma_min(k[i]) - 1.0) * me
        if Tlo >= Ttop:
            continue
        Tlo = max(Tlo, math.exp(lT[0]))
        a, b = math.log(Tlo), lT[-1]
        s = 0.0
        for q in range(gx.size):
            lt = a + 0.5 * (b - a) * (gx[q] + 1.0)
            # linear interpolation of N and L on the ln T grid
            j = int((lt - lT[0]) / (lT[1] - lT[0]))
            j = min(max(j, 0), n - 2)
            t = (lt - lT[j]) / (lT[j + 1] - lT[j])
            Nv = N[j] + t * (N[j + 1] - N[j])
            Lv = Lloss[j] + t * (Lloss[j + 1] - Lloss[j])
            T = math.exp(lt)
            s += gw[q] * heitler_dsigma_dk(k[i], T / me + 1.0) / Lv * Nv * T
        out[i] = s * 0.5 * (b - a)
    return out


_GL_E_X, _GL_E_W = np.polynomial.legendre.leggauss(400)


class InFlight:
    """Positron slowing-down medium: ionised fraction x_ion, density n_e (ionised log only), I [eV]."""

    def __init__(self, x_ion=0.0, n_e_cm3=0.1, I_eV=I_H_EV, T_min_MeV=1.0e-4, T_max_MeV=200.0, n=4000):
        check.number("x_ion", x_ion, lo=0.0, hi=1.0)
        check.number("n_e_cm3", n_e_cm3, lo=0.0, lo_open=True, unit="cm^-3")
        check.number("I_eV", I_eV, lo=0.0, lo_open=True, unit="eV")
        check.number("T_min_MeV", T_min_MeV, lo=0.0, lo_open=True, unit="MeV")
        check.number("T_max_MeV", T_max_MeV, lo=T_min_MeV, lo_open=True, unit="MeV (above T_min_MeV)")
        # the loss grid integrates with trapezoids in ln T: a few hundred nodes at least
        n = check.integer("n", n, lo=100, hi=10**6)
        self.x_ion, self.n_e_cm3, self.I_eV = x_ion, n_e_cm3, I_eV
        self.I_MeV = I_eV * u.eV
        self.hwp_MeV = HBAR_OMEGA_P_EV_PER_SQRT_NE * math.sqrt(n_e_cm3) * u.eV
        self.T = np.geomspace(T_min_MeV, T_max_MeV, n)
        self.lT = np.log(self.T)
        self.tau = tau_grid(self.T, x_ion, self.I_MeV, self.hwp_MeV)
        self.L = np.array([loss_per_electron(t, x_ion, self.I_MeV, self.hwp_MeV) for t in self.T])

    def _check_T(self, T):
        return check.array("positron kinetic energy T [MeV]", T, lo=0.0, hi=float(self.T[-1]),
                           unit="MeV")

    def tau_at(self, T_MeV):
        T = self._check_T(T_MeV)
        return np.interp(np.log(np.maximum(T, self.T[0])), self.lT, self.tau)

    def survival(self, T0_MeV, T_MeV):
        """P(T0 -> T) = exp[-(tau(T0) - tau(T))] (spec §7)."""
        return np.exp(-(self.tau_at(T0_MeV) - self.tau_at(T_MeV)))

    def p_inf(self, T0_MeV):
        """Probability to reach thermal energies without annihilating in flight (spec §7)."""
        return np.exp(-self.tau_at(T0_MeV))

    def surviving_number(self, T_inj=None, S=None, T0=None):
        """N(T) = int_T dT0 S(T0) P(T0 -> T) on the grid; S on T_inj [1/MeV] (renormalised to 1) or a delta at T0."""
        if T0 is not None:
            self._check_T(T0)
            tau0 = float(self.tau_at(T0))
            return np.where(self.T <= T0, np.exp(np.minimum(self.tau - tau0, 0.0)), 0.0)
        if T_inj is None or S is None:
            raise ValueError("give the injection spectrum (T_inj, S) or a single energy T0")
        T_inj = check.array("T_inj", T_inj, lo=0.0, unit="MeV", nonempty=True)
        S = check.array("S", S, lo=0.0, shape=T_inj.shape, unit="1/MeV")
        Sg = np.interp(self.T, T_inj, S, left=0.0, right=0.0)
        norm = np.trapezoid(Sg, self.T)
        if not norm > 0:
            raise ValueError("injection spectrum S(T_inj) is zero or unresolved on the loss grid")
        Sg = Sg / norm  # per injected positron, normalised on the grid the yield uses
        # int_T^inf S e^{-tau} dT on the grid (cumulative trapezoid from the top), plus exact edges
        g = Sg * np.exp(-self.tau)
        dT = np.diff(self.T)
        seg = 0.5 * (g[1:] + g[:-1]) * dT
        tail = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])
        return np.exp(self.tau) * tail

    def thermalised_fraction(self, T_inj=None, S=None, T0=None):
        """A = int dT0 S(T0) P_inf(T0): fraction of injected positrons that reach thermal energies."""
        if T0 is not None:
            return float(self.p_inf(T0))
        return float(self.surviving_number(T_inj, S)[0])  # N(T_min) = int S P_inf (tau(T_min) = 0)

    def photon_yield(self, E_gamma_MeV, T_inj=None, S=None, T0=None):
        """IfA dN_gamma/dE_gamma [1/MeV] per injected positron (spec §7), for spectrum S(T_inj) or a delta at T0."""
        N = self.surviving_number(T_inj, S, T0)
        k = np.atleast_1d(check.array("E_gamma_MeV", E_gamma_MeV, lo=0.0, lo_open=True,
                                      unit="MeV")) / u.M_E
        return ifa_yield_kernel(k, self.lT, N, self.L, _GL_E_X, _GL_E_W) / u.M_E

    def ifa_e2_flux(self, E_gamma_MeV, line_intensity, f_ps=F_PS_DEFAULT, T_inj=None, S=None, T0=None):
        """E^2 dPhi/dE [MeV cm^-2 s^-1 sr^-1] of IfA normalised to a 511 keV line intensity [ph cm^-2 s^-1 sr^-1].

        Positrons thermalising per unit time = line/(2(1 - 3f/4)); injected = that / A (spec §7).
        """
        E = np.atleast_1d(check.array("E_gamma_MeV", E_gamma_MeV, lo=0.0, lo_open=True, unit="MeV"))
        check.number("line_intensity", line_intensity, lo=0.0, unit="ph cm^-2 s^-1 sr^-1")
        check.number("f_ps", f_ps, lo=0.0, hi=1.0)
        A = self.thermalised_fraction(T_inj, S, T0)
        injected = line_intensity / (2.0 * (1.0 - 0.75 * f_ps)) / A
        return E ** 2 * injected * self.photon_yield(E, T_inj, S, T0)


# ------------------------------------------------------------------ positronium
def ore_powell_shape(x):
    """Ore-Powell o-Ps 3 gamma spectrum shape in x = E/m_e in (0, 1), unnormalised (spec §7)."""
    x = np.asarray(x, float)
    out = np.zeros_like(x)
    m = (x > 0) & (x < 1)
    xm = x[m]
    l1 = np.log1p(-xm)
    out[m] = (xm * (1 - xm) / (2 - xm) ** 2 - 2 * (1 - xm) ** 2 * l1 / (2 - xm) ** 3
              + (2 - xm) / xm + 2 * (1 - xm) * l1 / xm ** 2)
    return out


_OP_X, _OP_W = np.polynomial.legendre.leggauss(400)
_OP_NORM = float(np.sum(0.5 * _OP_W * ore_powell_shape(0.5 * (_OP_X + 1.0))))


def ops_continuum_e2(E_gamma_MeV, line_intensity, f_ps=F_PS_DEFAULT):
    """o-Ps continuum E^2 dPhi/dE [MeV cm^-2 s^-1 sr^-1]: 3 (3f/4) photons per thermal positron (spec §7)."""
    E = np.asarray(E_gamma_MeV, float)
    positrons = line_intensity / (2.0 * (1.0 - 0.75 * f_ps))
    dn_dE = 3.0 * 0.75 * f_ps * ore_powell_shape(E / u.M_E) / _OP_NORM / u.M_E
    return E ** 2 * positrons * dn_dE


def pps_line_e2(E_gamma_MeV, line_intensity, fwhm_MeV=LINE_FWHM_MEV):
    """p-Ps 511 keV line as a Gaussian of area line_intensity: E^2 dPhi/dE [MeV cm^-2 s^-1 sr^-1] (spec §7)."""
    E = np.asarray(E_gamma_MeV, float)
    s = fwhm_MeV / (2.0 * math.sqrt(2.0 * math.log(2.0)))
    return E ** 2 * line_intensity * np.exp(-0.5 * ((E - u.M_E) / s) ** 2) / (math.sqrt(2 * math.pi) * s)


def ops_fraction_photons(f_ps=F_PS_DEFAULT):
    """(o-Ps photons, line photons) per thermalised positron: 3 (3f/4), 2 (1 - 3f/4)."""
    return 3.0 * 0.75 * f_ps, 2.0 * (1.0 - 0.75 * f_ps)
