"""The ``mevdm`` command: list the targets, build one figure without Snakemake, compute Ωh².

    mevdm list
    mevdm figure baryakhtar2020 fig4 --mirror ../shared/data --outdir results
    mevdm omega --m 10 --sigmav 3e-26
    mevdm check-config my.yaml        # before `snakemake --configfile my.yaml`
"""

from __future__ import annotations

import argparse
import sys


def _list(args) -> int:
    from mevdm.core import registry

    known = registry.registry()
    keys = sorted({k for k, _ in known})
    if args.key and args.key not in keys:
        raise ValueError(f"no paper {args.key!r}; known: {', '.join(keys)}")
    for (key, name), spec in sorted(known.items()):
        if args.key and key != args.key:
            continue
        extra = [f"scans: {', '.join(spec.scans)}"] if spec.scans else []
        print(f"{key}/{name}" + (f"  [{'; '.join(extra)}]" if extra else ""))
        if args.captions:
            print(f"    {spec.caption}")
    return 0


def _outdir(value: str):
    """--outdir: a non-empty folder (an empty string would put the outputs at the root)."""
    from pathlib import Path

    if not value or not value.strip():
        raise ValueError("--outdir: empty; give the output folder, e.g. --outdir results")
    return Path(value).expanduser()


def _figure(args) -> int:
    from mevdm.build import FIGURE_FORMATS, build
    from mevdm import configuration as mconfig

    outdir = _outdir(args.outdir)
    from mevdm.core.registry import registry

    if (args.key, args.name) not in registry():
        raise ValueError(f"no figure {args.key}/{args.name}; `mevdm list` names every target")
    overrides = {"data_mirror": args.mirror} if args.mirror else {}
    if args.cache:
        overrides["data_cache"] = args.cache
    cfg = mconfig.merged([args.configfile] if args.configfile else [], overrides)
    outputs = {fmt: str(outdir / args.key / f"{args.name}.{fmt}") for fmt in FIGURE_FORMATS}
    build(args.key, args.name, cfg, outputs=outputs)
    for path in outputs.values():
        print(path)
    return 0


def _check_config(args) -> int:
    from mevdm import configuration as mconfig

    mconfig.merged(args.configfiles)  # the same function as the Snakefile
    print(f"{', '.join(map(str, args.configfiles))}: valid (merged onto the default config)")
    return 0


def _omega(args) -> int:
    from mevdm.core.data import DataStore
    from mevdm.early import relic

    store = DataStore.default(**({"mirror": args.mirror} if args.mirror else {}),
                              **({"cache": args.cache} if args.cache else {}))
    if args.thermodynamics is None:  # the default lives in config/config.yaml only
        from mevdm import configuration as mconfig

        args.thermodynamics = mconfig.defaults()["relic"]["thermodynamics"]
    value = relic.omega_h2(args.m, args.sigmav, args.b, g_chi=args.g_chi,
                           self_conjugate=not args.dirac, method=args.method,
                           cosmo=relic.default_cosmology(store, args.thermodynamics))
    print(f"Omega h^2 = {float(value):.6g}  (m = {args.m} MeV, <sigma v> = {args.sigmav} + "
          f"{args.b} v^2 cm^3/s, g_chi = {args.g_chi}, {'Dirac' if args.dirac else 'Majorana'}, "
          f"{args.method}, {args.thermodynamics} thermodynamics)")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="mevdm", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list every target (paper/figure)")
    p.add_argument("key", nargs="?", help="only this paper")
    p.add_argument("--captions", action="store_true", help="print each figure's caption")
    p.set_defaults(func=_list)

    p = sub.add_parser("figure", help="build one figure (its scans computed in-process)")
    p.add_argument("key", help="paper key, e.g. baryakhtar2020")
    p.add_argument("name", help="figure name, e.g. fig4")
    p.add_argument("--configfile", help="config file merged onto the default config, as "
                   "`snakemake --configfile` merges it (default: the default config alone)")
    p.add_argument("--mirror", help="data mirror folder (default: download and verify)")
    p.add_argument("--cache", help="data cache folder (default: the config's data_cache)")
    p.add_argument("--outdir", default="results", help="output folder (default: results)")
    p.set_defaults(func=_figure)

    p = sub.add_parser("check-config", help="validate config files the way `snakemake "
                       "--configfile` would use them (YAML errors with line and column)")
    p.add_argument("configfiles", nargs="+", help="YAML files, merged in order onto the default")
    p.set_defaults(func=_check_config)

    p = sub.add_parser("omega", help="relic abundance for a thermally averaged cross section")
    p.add_argument("--m", type=float, required=True, help="DM mass [MeV]")
    p.add_argument("--sigmav", type=float, required=True, help="s-wave <sigma v> a [cm^3/s]")
    p.add_argument("--b", type=float, default=0.0, help="p-wave b in a + b v^2 [cm^3/s]")
    p.add_argument("--g-chi", type=float, default=2.0, help="internal degrees of freedom (2)")
    p.add_argument("--dirac", action="store_true", help="particle != antiparticle")
    p.add_argument("--method", choices=("full", "semi"), default="full",
                   help="full Boltzmann solve or semi-analytic freeze-out (default full)")
    p.add_argument("--thermodynamics", choices=("hazma", "plasma"), default=None,
                   help="g_eff, h_eff: hazma's table or the computed MeV plasma (default: config "
                        "relic.thermodynamics of config/config.yaml)")
    p.add_argument("--mirror", help="data mirror folder (g*(T) table; default $MEVDM_DATA_MIRROR)")
    p.add_argument("--cache", help="data cache folder (default .data-cache)")
    p.set_defaults(func=_omega)
    return ap


def main(argv=None) -> int:
    from mevdm.core.data import DataError

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, KeyError, OSError, DataError) as err:
        # the library's hints name the config key; here the option sets it
        text = str(err).replace("config 'data_mirror'", "--mirror").replace(
            "set config 'data_mirror'", "give --mirror")
        print(f"mevdm {args.command}: error: {type(err).__name__}: {text}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
