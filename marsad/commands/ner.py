"""``marsad train-ner`` and ``marsad tag``: train the statistical NER model and tag CoNLL token files.

Training is reproducible: the corpora are read in a fixed order, the ANERcorp evaluation part is the contiguous
tail (like the official split), WikiFANE sampling uses ``--seed``, and crfsuite's L-BFGS has no randomness.
The held-out figures are printed and stored in the model's ``ner.json``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from marsad.entities import ner_model as nm


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


AQMAR_CHOICES = ("none", "no-misc", "all")


def _train_set(
    sets: dict[str, list[nm.Sentence]], wikifane: float, seed: int, aqmar: str = "no-misc"
) -> list[nm.Sentence]:
    """Training sentences in a fixed order: ANERcorp's training part, AQMAR train+dev, a WikiFANE sample.

    The defaults (no AQMAR, no WikiFANE sentences) are what scored best on the ANERcorp dev tail: both are
    Wikipedia, and AQMAR's MIS class (languages, works, events, ideologies …) is far broader than ANERcorp's
    MISC. ``aqmar="no-misc"`` keeps only AQMAR sentences without a MIS entity (see models/README.md).
    """
    aq = [*sets.get("aqmar_train", []), *sets.get("aqmar_dev", [])] if aqmar != "none" else []
    if aqmar == "no-misc":
        aq = [s for s in aq if not any(t.endswith("-MISC") for _, t in s)]
    return [*sets.get("anercorp_train", []), *aq, *nm.sample(sets.get("wikifane", []), wikifane, seed)]


def _score(tagger: nm.Tagger, sents: list[nm.Sentence]) -> nm.Scores:
    pred = tagger.tag_sentences([[t for t, _ in s] for s in sents])
    return nm.evaluate([[t for _, t in s] for s in sents], pred)


# The grid tried by --search (and the one the packaged model's settings were chosen from; see models/README.md).
SEARCH_GRID = [
    nm.TrainConfig(c1=0.05, c2=0.05),
    nm.TrainConfig(c1=0.1, c2=0.02),
    nm.TrainConfig(c1=0.02, c2=0.05),
    nm.TrainConfig(c1=0.05, c2=0.05, minfreq=2),
]


def train_ner(
    data: Annotated[Path | None, typer.Option("--data", help="NER data [$MARSAD_NER_DATA; ../shared/data/ner]")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="model file or folder [marsad/entities/models/]")] = None,
    holdout: Annotated[
        float, typer.Option("--holdout", min=0.0, max=0.5, help="tail fraction of ANERcorp held out")
    ] = 0.1,
    seed: Annotated[int, typer.Option("--seed", help="seed for sampling WikiFANE sentences")] = 13,
    wikifane: Annotated[
        float, typer.Option("--wikifane", min=0.0, max=1.0, help="fraction of WikiFANE to train on")
    ] = 0.0,
    c1: Annotated[float, typer.Option("--c1", help="L1 regularisation")] = nm.TrainConfig.c1,
    c2: Annotated[float, typer.Option("--c2", help="L2 regularisation")] = nm.TrainConfig.c2,
    iterations: Annotated[int, typer.Option("--iterations", help="L-BFGS iterations")] = nm.TrainConfig.max_iterations,
    minfreq: Annotated[
        float, typer.Option("--minfreq", help="drop features seen fewer times")
    ] = nm.TrainConfig.minfreq,
    clusters: Annotated[Path | None, typer.Option("--clusters", help="word-cluster file [the packaged one]")] = None,
    aqmar: Annotated[str, typer.Option("--aqmar", help="AQMAR sentences: none, no-misc or all")] = "none",
    gazetteer_wikifane: Annotated[
        bool, typer.Option("--wikifane-gazetteer/--no-wikifane-gazetteer", help="mine WikiFANE names as a gazetteer")
    ] = True,
    search: Annotated[
        bool, typer.Option("--search", help="pick c1/c2/minfreq on a dev tail of the training part")
    ] = False,
) -> None:
    """Train the CRF named-entity model and print entity-level P/R/F1 on the held-out data."""
    if aqmar not in AQMAR_CHOICES:
        _err(f"error: --aqmar must be one of {', '.join(AQMAR_CHOICES)}")
        raise typer.Exit(2)
    data_dir = nm.default_data_dir(data)
    if not (data_dir / "anercorp" / "train.txt").is_file():
        _err(f"error: no NER data in {data_dir} (give --data or set MARSAD_NER_DATA)")
        raise typer.Exit(2)
    model_path = Path(out) if out else nm.DEFAULT_MODEL_DIR / nm.MODEL_FILE
    if model_path.is_dir() or (out is not None and not model_path.suffix):
        model_path = model_path / nm.MODEL_FILE
    model_dir = model_path.parent
    cluster_file = clusters or nm.DEFAULT_MODEL_DIR / nm.CLUSTERS_FILE
    if not cluster_file.is_file():
        _err(f"warning: no cluster file {cluster_file}; training without cluster features")
        cluster_file = None
    t0 = time.perf_counter()
    sets = nm.load_training_sets(data_dir, holdout, warn=lambda m: _err(f"warning: {m}"))
    gaz_dir = nm.gazetteer_dir(data_dir)
    # WikiFANE's names feed the gazetteer only when its sentences are not trained on (see build_gazetteer)
    mined = sets.get("wikifane", []) if gazetteer_wikifane and not wikifane else []
    gazetteer = nm.build_gazetteer(gaz_dir, mined) if gaz_dir.is_dir() or mined else []
    if not gazetteer:
        _err(f"warning: no gazetteers in {gaz_dir}; training without gazetteer features")
    nm.prepare_resources(model_dir, cluster_file, gazetteer)
    if cluster_file is None and (model_dir / nm.CLUSTERS_FILE).is_file():
        (model_dir / nm.CLUSTERS_FILE).unlink()
    config = nm.TrainConfig(c1=c1, c2=c2, max_iterations=iterations, minfreq=minfreq)
    featurizer = nm.featurizer_for(model_dir)
    if search:
        config = _search(sets, wikifane, seed, aqmar, model_dir, featurizer)
    train = _train_set(sets, wikifane, seed, aqmar)
    typer.echo(f"training on {len(train)} sentences ({sum(map(len, train))} tokens), {config.params()}")
    meta: dict[str, object] = {
        "data": {
            "anercorp": f"train.txt first {1 - holdout:.0%} of sentences ({len(sets.get('anercorp_train', []))})",
            "aqmar": f"train+dev, {aqmar}",
            "wikifane": f"{wikifane:.0%} sample, seed {seed}" if wikifane else "not trained on",
            "wikifane_gazetteer": bool(mined),
        },
        "holdout": holdout,
        "seed": seed,
        "command": (
            f"marsad train-ner --holdout {holdout} --seed {seed} --wikifane {wikifane} --aqmar {aqmar} "
            f"--{'' if mined else 'no-'}wikifane-gazetteer --c1 {config.c1} "
            f"--c2 {config.c2} --iterations {config.max_iterations} --minfreq {config.minfreq}"
        ),
    }
    info = nm.train_sentences(train, model_path, config, featurizer=featurizer, meta=meta)
    typer.echo(f"model written to {model_path} in {info['train_seconds']} s ({info['active_features']} features)")
    tagger = nm.Tagger(model_path)
    figures: dict[str, object] = {}
    for name, title in (("anercorp_heldout", "ANERcorp held-out tail"), ("aqmar_test", "AQMAR test")):
        if sets.get(name):
            scores = _score(tagger, sets[name])
            figures[name] = scores.as_dict()
            typer.echo(f"\n{title} ({len(sets[name])} sentences), entity-level exact match:\n{scores.table()}")
    info["heldout"] = figures
    info["total_seconds"] = round(time.perf_counter() - t0, 1)
    (model_dir / nm.META_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _search(
    sets: dict[str, list[nm.Sentence]],
    wikifane: float,
    seed: int,
    aqmar: str,
    model_dir: Path,
    featurizer: nm.Featurizer,
) -> nm.TrainConfig:
    """Best of :data:`SEARCH_GRID` by F1 on the last 10% of the ANERcorp *training* part (never the held-out)."""
    import tempfile

    fit, dev = nm.split_tail(sets.get("anercorp_train", []), 0.1)
    sub = dict(sets, anercorp_train=fit)
    train = _train_set(sub, wikifane, seed, aqmar)
    best: tuple[float, nm.TrainConfig] | None = None
    with tempfile.TemporaryDirectory(dir=model_dir) as tmp:
        for cfg in SEARCH_GRID:
            path = Path(tmp) / nm.MODEL_FILE
            nm.train_sentences(train, path, cfg, featurizer=featurizer)
            for f in (nm.CLUSTERS_FILE, nm.GAZETTEER_FILE):
                if (model_dir / f).is_file() and not (Path(tmp) / f).exists():
                    (Path(tmp) / f).symlink_to(model_dir / f)
            f1 = _score(nm.Tagger(path), dev).f1
            typer.echo(f"search: {cfg.params()} dev F1 {f1:.4f}")
            if best is None or f1 > best[0]:
                best = (f1, cfg)
    assert best is not None
    return best[1]


def tag(
    conll: Annotated[Path, typer.Option("--conll", help="one token per line, blank line between sentences; - = stdin")],
    model: Annotated[Path | None, typer.Option("--model", help="model file or folder [the packaged model]")] = None,
) -> None:
    """Tag a CoNLL token file: prints ``token<TAB>tag`` lines (BIO over PERS, LOC, ORG, MISC).

    Blank and whitespace-only lines end a sentence. A line whose first column is empty (a tab first, or only
    invisible marks such as U+200E) has no token: it is skipped with a warning. Tokens over 100 characters are
    cut. Warnings and errors are one line each on stderr; the exit status is 1 when nothing could be tagged.
    """
    source = conll
    if str(conll) == "-":
        import tempfile

        with tempfile.NamedTemporaryFile(delete=False, suffix=".conll") as fh:
            fh.write(sys.stdin.buffer.read())
        source = Path(fh.name)
    try:
        if not source.is_file():
            _err(f"error: {conll}: no such file")
            raise typer.Exit(1)
        try:
            sentences = nm.read_conll(source, tagged=False, warn=lambda m: _err(f"warning: {m}"))
        except nm.ConllError as exc:
            _err(f"error: {exc}".replace(str(source), str(conll)))
            raise typer.Exit(1) from None
    finally:
        if source is not conll:
            source.unlink(missing_ok=True)
    try:
        tagger = nm.Tagger(model) if model else nm.default_tagger()
    except (FileNotFoundError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None
    tokens = [[t for t, _ in s] for s in sentences]
    tags = tagger.tag_sentences(tokens)
    out = sys.stdout
    for toks, tg in zip(tokens, tags, strict=True):
        out.write("".join(f"{t}\t{g}\n" for t, g in zip(toks, tg, strict=True)))
        out.write("\n")
    out.flush()


def register(app: typer.Typer) -> None:
    """Add ``train-ner`` and ``tag`` to the ``marsad`` command."""
    app.command("train-ner")(train_ner)
    app.command("tag")(tag)
