# One scan mechanism (src/mevdm/scans.py): every paper's scan is chunked along its first
# axis into results/<key>/scans/<scan>/chunk<i>of<n>.npz, one job per chunk, computed by
# mevdm.papers.<key>.analysis.scan_chunk. Scans and their chunk counts are declared in
# src/mevdm/papers/<key>/figures.yaml (config paths); raise n_chunks and fan out with a
# cluster profile.


rule scan_chunk:
    input:
        scan_data,
    output:
        "results/{key}/scans/{scan}/chunk{i}of{n}.npz",
    params:
        code=lambda w: scan_code_hash(w.key),
        config=lambda w: declared_subset(config, SCAN_SPECS[(w.key, w.scan)].config),
    wildcard_constraints:
        key="|".join(sorted({k for k, _ in SCAN_SPECS})) or "none",
        scan="|".join(sorted({s for _, s in SCAN_SPECS})) or "none",
        i=r"\d+",
        n=r"\d+",
    log:
        "logs/{key}/scans/{scan}/chunk{i}of{n}.log",
    benchmark:
        "benchmarks/out/{key}/scans/{scan}/chunk{i}of{n}.tsv"
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/scan_chunk.py"


rule scan_summary:
    """The merged scan, one compressed file independent of the chunking (the archive's copy)."""
    input:
        lambda w: scan_chunk_paths(w.key, w.scan),
    output:
        "results/{key}/scans/{scan}.npz",
    params:
        shared=lambda w: list(SCAN_SPECS[(w.key, w.scan)].shared),
    wildcard_constraints:
        key="|".join(sorted({k for k, _ in SCAN_SPECS})) or "none",
        scan="|".join(sorted({s for _, s in SCAN_SPECS})) or "none",
    log:
        "logs/{key}/scans/{scan}.log",
    localrule: True
    conda:
        "../envs/mevdm.yaml"
    script:
        "../../scripts/scan_summary.py"
