"""Derivations of registry files from registered upstream files (route (b) of the registry).

A registry entry with ``derive: {from: [<names>], function: <name>}`` is made on a user's
machine by ``DERIVATIONS[<name>](inputs, output)``: ``inputs`` are the verified local paths of
the ``from`` entries (in that order), ``output`` the file to write.  Each function reproduces,
byte for byte, the file the data mirror holds (tests/test_data_routes.py checks the sha256 on
the mirror's upstream copies); the text of each header is part of the derivation.

Only the functions named in ``DERIVATIONS`` can be called from the registry: a registry
entry cannot name arbitrary code.  Nothing here unpickles anything but numpy arrays
(:func:`load_numpy_pickle`).
"""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path

import numpy as np

# --- restricted unpickling -----------------------------------------------------------------


class UnsafePickleError(pickle.UnpicklingError):
    """A pickle asked for an object other than numpy arrays and dtypes."""


def _allowed_globals() -> dict[tuple[str, str], object]:
    """The only callables a numpy-array pickle needs (numpy 1 and numpy 2 module names)."""
    try:
        from numpy._core.multiarray import _reconstruct, scalar
    except ImportError:  # numpy < 2
        from numpy.core.multiarray import _reconstruct, scalar
    allowed = {}
    for module in ("numpy.core.multiarray", "numpy._core.multiarray"):
        allowed[(module, "_reconstruct")] = _reconstruct
        allowed[(module, "scalar")] = scalar
    allowed[("numpy", "ndarray")] = np.ndarray
    allowed[("numpy", "dtype")] = np.dtype
    return allowed


class NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickler that resolves only numpy's array-reconstruction globals.

    A pickle that names any other global (``os.system``, ``builtins.eval``, a class of some
    package, ...) is refused before anything is called, so loading an untrusted file cannot
    run code.
    """

    _ALLOWED = None

    def find_class(self, module, name):
        if NumpyOnlyUnpickler._ALLOWED is None:
            NumpyOnlyUnpickler._ALLOWED = _allowed_globals()
        try:
            return NumpyOnlyUnpickler._ALLOWED[(module, name)]
        except KeyError:
            raise UnsafePickleError(
                f"refusing to unpickle global '{module}.{name}': only numpy arrays and dtypes "
                "are accepted"
            ) from None

    def persistent_load(self, pid):
        raise UnsafePickleError("refusing a pickle with persistent ids")


def load_numpy_pickle(data: bytes):
    """Load a pickle made of dicts, lists, strings, numbers and numpy arrays only."""
    return NumpyOnlyUnpickler(io.BytesIO(data)).load()


# --- derivations ---------------------------------------------------------------------------


def _write_text(output: Path, text: str) -> None:
    with open(output, "w", newline="\n", encoding="utf-8") as fh:
        fh.write(text)


def wimprates_ionization_npz(inputs, output) -> None:
    """Xe ionisation form factors of Essig, Volansky, Yu 2017 (arXiv:1703.00910): wimprates
    0.5.0's ``dme_ionization_ff.pkl`` ({shell: {lnks, lnqs, ffsquared}}) written losslessly as
    npz with keys ``<array>_<shell>`` in the pickle's order."""
    (pkl,) = inputs
    tables = load_numpy_pickle(Path(pkl).read_bytes())
    if not isinstance(tables, dict) or not tables:
        raise ValueError(f"{pkl}: expected a dict of shells, got {type(tables).__name__}")
    arrays = {}
    for shell, block in tables.items():
        if not (isinstance(block, dict) and set(block) == {"lnks", "lnqs", "ffsquared"}):
            raise ValueError(f"{pkl}: shell {shell!r} is not {{lnks, lnqs, ffsquared}}")
        for key in ("lnks", "lnqs", "ffsquared"):
            value = block[key]
            if not isinstance(value, np.ndarray) or value.dtype != np.float64:
                raise ValueError(f"{pkl}: {key} of shell {shell!r} is not a float64 array")
            arrays[f"{key}_{shell}"] = value
    with open(output, "wb") as fh:
        np.savez(fh, **arrays)


REFERENCE_EXCERPT_LINES = 19  # the descriptive part, up to the conversion recipe
REFERENCE_EXCERPT_NOTE = (
    "[excerpt: the remainder of the upstream REFERENCE file, a Mathematica->pickle "
    "conversion recipe (code), is omitted]\n"
)


def wimprates_reference_excerpt(inputs, output) -> None:
    """The descriptive part of wimprates 0.5.0's ``data/dme/REFERENCE`` (its first 19 lines;
    the code recipe that follows is left out)."""
    (ref,) = inputs
    lines = Path(ref).read_bytes().decode("utf-8").splitlines(keepends=True)
    if len(lines) <= REFERENCE_EXCERPT_LINES or not lines[REFERENCE_EXCERPT_LINES].startswith("To get"):
        raise ValueError(f"{ref}: not the wimprates 0.5.0 REFERENCE layout (recipe at line 20)")
    _write_text(output, "".join(lines[:REFERENCE_EXCERPT_LINES]) + REFERENCE_EXCERPT_NOTE)


def ldmx_y_plane(inputs, output, alpha_D=0.5, mass_ratio=3.0) -> None:
    """LDMX Phase 1/2 reach (m_A' [GeV], eps^2) in the y plane: m_chi = m_A'/3,
    y = eps^2 alpha_D (m_chi/m_A')^4 with alpha_D = 0.5 (the conversion of simple-reach/reach.py)."""
    phase1, phase2 = (np.loadtxt(p) for p in inputs)
    if phase1.shape != phase2.shape or not np.array_equal(phase1[:, 0], phase2[:, 0]):
        raise ValueError("LDMX Phase 1 and Phase 2 reach files are not on one m_A' grid")
    rows = ["m_chi_MeV,m_Aprime_GeV,eps2_phase1,y_phase1,eps2_phase2,y_phase2"]
    for (m_A_GeV, eps2_1), (_, eps2_2) in zip(phase1, phase2):
        values = (m_A_GeV / mass_ratio * 1000, m_A_GeV,
                  eps2_1, eps2_1 * alpha_D / mass_ratio**4,
                  eps2_2, eps2_2 * alpha_D / mass_ratio**4)
        rows.append(",".join(f"{v:.10g}" for v in values))
    _write_text(output, "\n".join(rows) + "\n")


# Z and A of the 29 species of the AGSS09 table (columns 7-35): isotopic masses for the
# H..O isotopes, standard atomic weights for Ne..Ni.  The script that made the mirror's table
# was not kept; tables of standard weights differ in the 5th-6th digit, and the table's last
# printed digits (n_e to 6, Y_e to 5 digits, 1968 rows) pin Y_e to within ~5e-9 relative: this
# set (Si 28.085, Al 26.982, else IUPAC 2005-2009 values) reproduces every byte; IUPAC 2007
# alone misses 4 rows in the last digit, IUPAC 2013 28 rows (differences < 1e-8, physically nil).
AGSS09_SPECIES = (
    ("H1", 1, 1.00782503207), ("He4", 2, 4.00260325415), ("He3", 2, 3.0160293191),
    ("C12", 6, 12.0), ("C13", 6, 13.0033548378), ("N14", 7, 14.0030740048),
    ("N15", 7, 15.0001088982), ("O16", 8, 15.99491461956), ("O17", 8, 16.99913170),
    ("O18", 8, 17.9991610), ("Ne", 10, 20.1797), ("Na", 11, 22.98977), ("Mg", 12, 24.305),
    ("Al", 13, 26.982), ("Si", 14, 28.085), ("P", 15, 30.97376), ("S", 16, 32.065),
    ("Cl", 17, 35.453), ("Ar", 18, 39.948), ("K", 19, 39.0983), ("Ca", 20, 40.078),
    ("Sc", 21, 44.95591), ("Ti", 22, 47.867), ("V", 23, 50.9415), ("Cr", 24, 51.9961),
    ("Mn", 25, 54.93805), ("Fe", 26, 55.845), ("Co", 27, 58.9332), ("Ni", 28, 58.6934),
)
AVOGADRO = 6.02214076e23  # mol^-1 (exact, SI 2019)

SOLAR_PROFILE_HEADER = """\
# DERIVED here from ssm_agss09_serenelli2009_full.dat (AGSS09 SSM, Serenelli et al. 2009, arXiv:0909.2668; copy from temken/DaMaSCUS-SUN data/model_agss09.dat)
# n_e assumes full ionisation: n_e = rho * N_A * sum_i X_i Z_i / A_i over the 29 tabulated species (A_i: isotopic masses for H..O isotopes, standard atomic weights for Ne..Ni)
# check: log10(n_e/N_A) agrees with the B16-AGSS09 column of ssm_b16_agss09_nudistr.dat to <0.01 dex at r<0.5
# Columns: r_over_Rsun, M_over_Msun (mass enclosed), T_K, rho_g_cm3, n_e_cm3, Y_e (electrons per nucleon, = n_e/(rho N_A)), X_H1, X_He4
r_over_Rsun,M_over_Msun,T_K,rho_g_cm3,n_e_cm3,Y_e,X_H1,X_He4
"""


def solar_profile_agss09(inputs, output) -> None:
    """AGSS09 solar profile (Serenelli et al. 2009, arXiv:0909.2668) with the free-electron
    density of a fully ionised plasma, n_e = rho N_A sum_i X_i Z_i / A_i."""
    (model,) = inputs
    table = np.loadtxt(model, skiprows=20)
    if table.ndim != 2 or table.shape[1] != 35:
        raise ValueError(f"{model}: expected 35 columns (AGSS09 full model), got {table.shape}")
    Z = np.array([s[1] for s in AGSS09_SPECIES], dtype=float)
    A = np.array([s[2] for s in AGSS09_SPECIES])
    Y_e = (table[:, 6:35] * Z / A).sum(axis=1)
    n_e = table[:, 3] * AVOGADRO * Y_e
    rows = [f"{r[1]:.5f},{r[0]:.7f},{r[2]:.4e},{r[3]:.4e},{ne:.5e},{ye:.5f},{r[6]:.5f},{r[7]:.5f}"
            for r, ne, ye in zip(table, n_e, Y_e)]
    _write_text(output, SOLAR_PROFILE_HEADER + "\n".join(rows) + "\n")


B16_SOURCES = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")  # row order upstream
B16_UNITS = {"pp": 1e10, "pep": 1e8, "hep": 1e3, "7Be": 1e9, "8B": 1e6, "13N": 1e8,
             "15O": 1e8, "17F": 1e6}  # cm^-2 s^-1, from the upstream header
B16_LINES_MeV = {"pep": "1.442", "7Be": "0.8618;0.3843"}
B16_HEADER = """\
# Total solar neutrino fluxes at 1 AU (no oscillations) from the B16 standard solar models, Vinyoles et al., ApJ 835 (2017) 202, arXiv:1611.09867
# Re-tabulated from michelelucente/PEANUTS Data/fluxes_b16.dat (commit 59e3a2ae102d58f42cc1146eaca2cae68be879ce); the '+/-sigma' column there is the FRACTIONAL 1-sigma model uncertainty
# Columns: source, flux_GS98_cm-2_s-1, frac_unc_GS98, flux_AGSS09met_cm-2_s-1, frac_unc_AGSS09met, E_line_MeV (monoenergetic lines only; 7Be lines: 0.8618 MeV with branching ~0.896 and 0.3843 MeV with ~0.104 [Bahcall used 0.897/0.103]; the 7Be flux above is the sum of both lines)
source,flux_GS98_cm-2_s-1,frac_unc_GS98,flux_AGSS09met_cm-2_s-1,frac_unc_AGSS09met,E_line_MeV
"""


def solar_nu_fluxes_b16(inputs, output) -> None:
    """B16 solar-neutrino fluxes (Vinyoles et al. 2017, arXiv:1611.09867) in cm^-2 s^-1 from
    PEANUTS' fluxes_b16.dat (fluxes in the header's units, fractional uncertainties)."""
    (upstream,) = inputs
    rows = [line.split() for line in Path(upstream).read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    if len(rows) != len(B16_SOURCES) or any(len(r) != 4 for r in rows):
        raise ValueError(f"{upstream}: expected 8 rows of 4 numbers (pp ... 17F)")
    out = []
    for source, (gs98, unc_gs98, agss, unc_agss) in zip(B16_SOURCES, rows):
        unit = B16_UNITS[source]
        out.append(f"{source},{float(gs98) * unit:g},{float(unc_gs98):g},{float(agss) * unit:g},"
                   f"{float(unc_agss):g},{B16_LINES_MeV.get(source, '')}")
    _write_text(output, B16_HEADER + "\n".join(out) + "\n")


BOSCHINI_HEADER = """\
# Local interstellar spectrum (LIS) of cosmic-ray electrons, Boschini et al., ApJ 854 (2018) 94, arXiv:1801.04059 (GALPROP+HelMod)
# GENERATED TABLE: evaluated here from the analytic fit (see PROVENANCE.md), coefficients as coded in physcxia/BoostedDarkMatter.jl
#   src/CosmicRayBoostedDarkMatter/CosmicRayDistributions.jl (struct CRFluxLISElectron), repo commit c8c0b4be8ca67b5d5aa2f14c275c9948dc2c8546
#   F(T) = 1.181e11 T^-12.061 / (1 + 4.307e8 T^-9.269 + 3.125e8 T^-10.697)   for T < 6.88 GeV
#   F(T) = 995.598 T^-3.505 + 4.423 T^-2.620                                for T >= 6.88 GeV
# valid 2 MeV <= T <= 90 GeV (zero outside in the source code); the two branches differ by ~10% at T = 6.88 GeV (as coded; not re-checked against the paper PDF)
# Columns: T_kin_GeV (electron kinetic energy), dPhi_dT_per_m2_s_sr_GeV (differential intensity, m^-2 s^-1 sr^-1 GeV^-1; multiply by 4*pi for the isotropic flux per unit area)
T_kin_GeV,dPhi_dT_per_m2_s_sr_GeV
"""


def electron_lis_boschini2018(T_GeV):
    """Electron LIS fit of Boschini et al. 2018 (arXiv:1801.04059) as coded in
    BoostedDarkMatter.jl (CRFluxLISElectron), m^-2 s^-1 sr^-1 GeV^-1, T in GeV."""
    T = np.asarray(T_GeV, dtype=float)
    low = 1.181e11 * T**-12.061 / (1 + 4.307e8 * T**-9.269 + 3.125e8 * T**-10.697)
    high = 995.598 * T**-3.505 + 4.423 * T**-2.620
    return np.where(T < 6.88, low, high)


def electron_lis_boschini2018_table(inputs, output, n=301, T_min_GeV=0.002, T_max_GeV=90.0) -> None:
    """The Boschini 2018 electron-LIS fit tabulated on 301 log-spaced T = 2 MeV - 90 GeV."""
    if inputs:
        raise ValueError("the Boschini LIS table is generated from its fit formula; no inputs")
    T = np.geomspace(T_min_GeV, T_max_GeV, n)
    rows = [f"{t:.6e},{f:.6e}" for t, f in zip(T, electron_lis_boschini2018(T))]
    _write_text(output, BOSCHINI_HEADER + "\n".join(rows) + "\n")


DERIVATIONS = {
    "wimprates_ionization_npz": wimprates_ionization_npz,
    "wimprates_reference_excerpt": wimprates_reference_excerpt,
    "ldmx_y_plane": ldmx_y_plane,
    "solar_profile_agss09": solar_profile_agss09,
    "solar_nu_fluxes_b16": solar_nu_fluxes_b16,
    "electron_lis_boschini2018_table": electron_lis_boschini2018_table,
}

_NAME = re.compile(r"^[a-z0-9_]+$")


def derivation(function: str):
    """The derivation registered under ``function`` (registry key ``derive.function``)."""
    if not _NAME.match(str(function)) or function not in DERIVATIONS:
        raise KeyError(f"unknown derivation '{function}'; known: {', '.join(sorted(DERIVATIONS))}")
    return DERIVATIONS[function]
