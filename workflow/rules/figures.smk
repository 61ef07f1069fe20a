# One rule per configured figure, generated from the static tables
# src/mevdm/papers/<key>/figures.yaml: its data, the data of the limits it draws, the
# chunks of the scans it reads and (for the gallery) the cached constraint curves.

for _key, _name in configured_figures():
    _spec = FIGURE_REGISTRY[(_key, _name)]
    _data = sorted({*_spec.data, *limit_data(_spec.limits)})

    rule:
        name:
            f"{_key}_{_name}"
        input:
            **{f"data_{i:03d}": data_path(d) for i, d in enumerate(_data)},
            **scan_inputs(_key, _name),
            **(gallery_curves() if _spec.curves == "gallery" else {}),
        output:
            pdf=report(f"results/{_key}/{_name}.pdf", caption="../report/figure.rst",
                       category=_key, labels={"figure": _name}),
            png=f"results/{_key}/{_name}.png",
            json=f"results/{_key}/{_name}.json",
            csv=f"results/{_key}/{_name}.csv",
        params:
            key=_key,
            name=_name,
            caption=_spec.caption,
            code=paper_code_hash(_key),
            # figures whose figures.yaml `config:` list names the shared `xenonnt:` section also hash
            # it (until those lists drive this hash)
            settings=settings_hash(_key, own=(_name, *scan_config_blocks(_key, _spec.scans)),
                                   shared=SHARED_SECTIONS + (("xenonnt",) if "xenonnt" in (
                                       mevdm.papers.paper_table(_key)["figures"][_name].get("config") or ())
                                       else ())),
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
