# One rule per configured figure, generated from the figure registry (src/mevdm/figures).

for _key, _name in configured_figures():
    _spec = FIGURE_REGISTRY[(_key, _name)]

    rule:
        name:
            f"{_key}_{_name}"
        input:
            **{f"data_{i}": data_path(d) for i, d in enumerate(_spec.data)},
            **FIGURE_EXTRA_INPUTS.get((_key, _name), {}),
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
            package=PACKAGE_HASH,
            settings=settings_hash(_key, *SHARED_SECTIONS),
        log:
            f"logs/{_key}/{_name}.log",
        benchmark:
            f"benchmarks/out/{_key}/{_name}.tsv"
        resources:
            mem_mb=2000,
            runtime=30,
        conda:
            "../../environment.yml"
        script:
            "../../scripts/figure.py"
