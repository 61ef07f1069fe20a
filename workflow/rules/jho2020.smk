# Rules for jho2020 (scan chunks, intermediate tables). Figures themselves are generated
# in figures.smk from the registry; add FIGURE_EXTRA_INPUTS[(key, name)] here.

# Fig. 5 three-parameter scan (m_DM, m_X, sqrt(g_e g_chi)): one job per chunk of m_DM rows.
# Each job computes the unit-coupling spectra for its (m_DM, m_X) pairs and folds them through
# the XENON1T response; the coupling enters as a normalisation and is scanned in the figure.
# Grid and number of chunks: config jho2020.fig5 (a wider scan fans out with --executor slurm).
JHO2020_FIG5_CHUNKS = range(config["jho2020"]["fig5"]["n_chunks"])
JHO2020_SCAN = "results/jho2020/scan/fig5_chunk{chunk}.npz"
JHO2020_XE_DATA = [
    "xenon1t_2020_er_sr1/xenon1t_sr1_binned_counts_B0_tritium_gambit.csv",
    "xenon1t_2020_er_sr1/xenon1t_sr1_efficiency_official.txt",
    "xenon1t_2020_er_sr1/xenon1t_sr1_detector_parameters.json",
]


rule jho2020_fig5_chunk:
    input:
        [data_path(d) for d in JHO2020_XE_DATA],
    output:
        JHO2020_SCAN,
    params:
        chunk=lambda wildcards: int(wildcards.chunk),
        package=PACKAGE_HASH,
        settings=settings_hash("jho2020", *SHARED_SECTIONS),
    wildcard_constraints:
        chunk=r"\d+",
    log:
        "logs/jho2020/fig5_chunk{chunk}.log",
    benchmark:
        "benchmarks/out/jho2020/fig5_chunk{chunk}.tsv"
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../../environment.yml"
    script:
        "../../scripts/jho2020_scan_chunk.py"


_jho2020_scan_inputs = {f"scan_{c:04d}": JHO2020_SCAN.format(chunk=c) for c in JHO2020_FIG5_CHUNKS}
FIGURE_EXTRA_INPUTS[("jho2020", "fig5")] = _jho2020_scan_inputs
FIGURE_EXTRA_INPUTS[("jho2020", "fig6")] = _jho2020_scan_inputs
