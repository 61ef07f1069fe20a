# Rules for baryakhtar2020 (scan chunks, intermediate tables). Figures themselves are generated
# in figures.smk from the registry; add FIGURE_EXTRA_INPUTS[(key, name)] here.

# Parameter-plane scans of figs 1-3, 6, 7 (mevdm.papers.baryakhtar2020.scans): one job per chunk of the
# m_chi axis.  Grids, deltas and the number of chunks: config baryakhtar2020.scans.<name>
# (validated before any job); widen a grid or raise n_chunks and fan out with --executor slurm.
from mevdm.papers.baryakhtar2020 import scans as _b20_scans

_B20 = config.get("baryakhtar2020", {})
_B20_SCANS = sorted((_B20.get("scans") or {}).keys())
_b20_scans.check_scans(_B20)  # bad grid or chunking: stop before any job
_B20_DATA = [
    "xenon1t_2020_er_sr1/xenon1t_sr1_binned_counts_B0_tritium_gambit.csv",
    "xenon1t_2020_er_sr1/xenon1t_sr1_efficiency_official.txt",
    "xenon1t_2020_er_sr1/xenon1t_sr1_detector_parameters.json",
    "hazma_sm_dof/smdof.dat",
]


if _B20_SCANS:

    rule baryakhtar2020_scan_chunk:
        input:
            [data_path(d) for d in _B20_DATA],
        output:
            "results/baryakhtar2020/scans/{scan}/chunk{i}of{n}.npz",
        params:
            scan=lambda wildcards: _B20["scans"][wildcards.scan],
            shared=lambda wildcards: {k: _B20.get(k) for k in
                                      ("alpha_D", "mA_over_mchi", "rho0_GeV_cm3", "sun", "halo",
                                       "thermal", "fstar", "solar_n_K")},
        wildcard_constraints:
            scan="|".join(_B20_SCANS),
            i=r"\d+",
            n=r"\d+",
        log:
            "logs/baryakhtar2020/scan_{scan}_chunk{i}of{n}.log",
        benchmark:
            "benchmarks/out/baryakhtar2020/scan_{scan}_chunk{i}of{n}.tsv"
        resources:
            mem_mb=1000,
            runtime=10,
        conda:
            "../../environment.yml"
        script:
            "../../scripts/baryakhtar2020_scan.py"

    FIGURE_EXTRA_INPUTS[("baryakhtar2020", "fig1")] = _b20_scans.figure_inputs(_B20, "malpha")
    FIGURE_EXTRA_INPUTS[("baryakhtar2020", "fig2")] = _b20_scans.figure_inputs(_B20, "meps")
    FIGURE_EXTRA_INPUTS[("baryakhtar2020", "fig3")] = _b20_scans.figure_inputs(_B20, "malpha")
    FIGURE_EXTRA_INPUTS[("baryakhtar2020", "fig6")] = _b20_scans.figure_inputs(_B20, "solar_mdelta",
                                                                        "solar_mfchi")
    FIGURE_EXTRA_INPUTS[("baryakhtar2020", "fig7")] = _b20_scans.figure_inputs(_B20, "solar_meps")
