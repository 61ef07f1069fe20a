"""The wimprates 0.5 side of the Xe ionisation benchmark, run in wimprates' own environment.

wimprates 0.5.0 needs numpy < 2 (its form factor returns a 1-element array, which scipy's
quad rejects under numpy 2), so it runs in a separate interpreter (requirements/peer-wimprates.txt)
driven by benchmarks/run_all.py over stdin/stdout, one JSON line per request:

    {"cmd": "setup", "E_R_keV": [...], "shells": ["5p", ...], "m_MeV": 1000, "sigma_cm2": 4e-44}
    {"cmd": "rates"}   -> {"rates": [[...] per shell], "unit": "1/(kg keV day)"}
    {"cmd": "time"}    -> {"seconds": wall time of one full spectrum (all shells x energies)}
    {"cmd": "quit"}

Halo: wimprates' defaults (StandardHaloModel: v0 = 238, v_esc = 544 km/s, rho = 0.3 GeV/cm^3,
t = None, i.e. its Earth speed on day 59.37), contact interaction (f_dm = '1').  This file
imports only wimprates and numpy: nothing of ours runs on this side.
"""

import json
import sys
import time


def main():
    import numericalunits as nu
    import numpy as np
    import wimprates as wr

    shell_nl = {f"{n}{wr.l_to_letter[l]}": (n, l) for n, l in wr.dme_shells}
    job = {}

    def spectrum():
        er = np.asarray(job["E_R_keV"]) * nu.keV
        return [np.asarray(wr.rate_dme(er, *shell_nl[s], mw=job["m_MeV"] * nu.MeV / nu.c0**2,
                                       sigma_dme=job["sigma_cm2"] * nu.cm**2, f_dm="1"))
                for s in job["shells"]]

    out = sys.stdout
    sys.stdout = sys.stderr  # wimprates' chatter must not reach the protocol stream
    def send(msg):
        out.write(json.dumps(msg) + "\n")
        out.flush()

    send({"ready": True, "wimprates": wr.__version__, "numpy": np.__version__})
    for line in sys.stdin:
        req = json.loads(line)
        cmd = req.pop("cmd")
        try:
            if cmd == "setup":
                bad = [s for s in req["shells"] if s not in shell_nl]
                if bad:
                    raise ValueError(f"shells {bad} not in wimprates' tables {sorted(shell_nl)}")
                job = req
                reply = {"ok": True}
            elif cmd == "rates":
                unit = 1.0 / (nu.kg * nu.keV * nu.day)
                reply = {"rates": [(r / unit).tolist() for r in spectrum()],
                         "unit": "1/(kg keV day)"}
            elif cmd == "time":
                t0 = time.perf_counter()
                spectrum()
                reply = {"seconds": time.perf_counter() - t0}
            elif cmd == "quit":
                return
            else:
                raise ValueError(f"unknown command {cmd!r}")
        except Exception as exc:  # noqa: BLE001 - reported to the driver, which records it
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        send(reply)


if __name__ == "__main__":
    main()
