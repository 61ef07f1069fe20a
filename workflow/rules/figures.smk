# One rule per configured figure, generated from the static tables
# src/mevdm/papers/<key>/figures.yaml. Inputs: its data, the limit files it draws and their
# data, the chunks of the scans it reads, the paper's printed numbers if its code reads them and
# (for the gallery) the cached constraint curves.
# Params: exactly the config keys it declares (Snakemake reruns it when one of them changes,
# and the job sees no other key) and the hash of the code it imports.

for _key, _name in configured_figures():
    _spec = FIGURE_REGISTRY[(_key, _name)]
    _data = sorted({*_spec.data, *limit_data(_spec.limits)})

    rule:
        name:
            f"{_key}_{_name}"
        input:
            **{f"data_{i:03d}": data_path(d) for i, d in enumerate(_data)},
            **{f"limit_{i:03d}": f for i, f in enumerate(limit_files(figure_limits(_spec)))},
            **scan_inputs(_key, _name),
            **paper_numbers_input(_key),
            **(gallery_curves() if _spec.curves == "gallery" else {}),
        output:
            pdf=f"results/{_key}/{_name}.pdf",  # the report shows results/report/<key>/<name>.html
            png=f"results/{_key}/{_name}.png",
            json=f"results/{_key}/{_name}.json",
            csv=f"results/{_key}/{_name}.csv",
        params:
            key=_key,
            name=_name,
            caption=_spec.caption,
            departures=_spec.departures,  # shown under the caption on the report page
            code=paper_code_hash(_key, figure_limits(_spec)),
            config=declared_subset(config, _spec.config),
        log:
            f"logs/{_key}/{_name}.log",
        benchmark:
            f"benchmarks/out/{_key}/{_name}.tsv"
        resources:
            mem_mb=2000,
            runtime=30,
        conda:
            "../envs/mevdm.yaml"
        script:
            "../../scripts/figure.py"
