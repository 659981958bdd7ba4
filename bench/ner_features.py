"""Try feature variants of the NER model on the dev protocol, without touching the held-out tail.

Why: a feature only earns its place in ``ner_model.py`` (and a retrained packaged model) if it raises F1 on data
the settings were not chosen on. This trains on the first 90 % of ANERcorp's training part and scores the last
10 % of it (the dev part of ``models/README.md``), with the packaged clusters and gazetteer, so that a variant
can be judged before the feature code is changed. Results are printed and appended to ``--log`` as JSON lines.

    .venv/bin/python bench/ner_features.py base
    .venv/bin/python bench/ner_features.py kb+gzpos --c1 0.05 --c2 0.05 --iterations 200

Variants (join with ``+``): ``base`` (the packaged features), ``nbcl`` (finest cluster for the words one place
away, middle one for two places), ``aff4`` (4-letter prefix and suffix, last two letters of the stem), ``nbaff``
(neighbours' 2-letter affixes), ``kb`` (knowledge-base names as a gazetteer source), ``gzpos`` (first/last word of
a multi-word gazetteer name), ``bilou`` (BILOU labels in training, read back as BIO), ``clbg`` (bigrams of the
neighbours' middle clusters), ``tr3`` (trigger word three places before).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from marsad.entities import ner_model as nm
from marsad.text.normalise import match_key
from marsad.text.tokens import TOKEN_RE

KB_TYPES = {"PERSON": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG", "EVENT_SERIES": "MISC"}
VARIANTS = {"base", "nbcl", "aff4", "nbaff", "kb", "gzpos", "bilou", "clbg", "tr3"}


def to_bilou(tags: list[str]) -> list[str]:
    """BIO → BILOU (a one-word entity is U-, the last word of a longer one L-)."""
    out = []
    for i, t in enumerate(tags):
        nxt = tags[i + 1] if i + 1 < len(tags) else "O"
        cont = nxt.startswith("I-") and nxt[2:] == t[2:]
        if t.startswith("B-"):
            out.append(t if cont else "U-" + t[2:])
        elif t.startswith("I-"):
            out.append(t if cont else "L-" + t[2:])
        else:
            out.append(t)
    return out


def to_bio(tags: list[str]) -> list[str]:
    """BILOU → BIO."""
    return nm.repair_bio([("B-" + t[2:]) if t[:2] == "U-" else ("I-" + t[2:]) if t[:2] == "L-" else t for t in tags])


def kb_entries(kb_dir: Path) -> list[tuple[str, str, str]]:
    """Knowledge-base names as gazetteer entries of source ``K``."""
    out = []
    for f in sorted(kb_dir.glob("*.jsonl")):
        for line in f.open(encoding="utf-8"):
            e = json.loads(line)
            typ = KB_TYPES.get(e.get("type"))
            for name in [e.get("name_ar"), *(e.get("aliases_ar") or [])]:
                key = " ".join(m.group() for m in TOKEN_RE.finditer(match_key(name or "")))
                if typ and len(key) >= 2:
                    out.append(("K", typ, key))
    return out


class VariantFeaturizer(nm.Featurizer):
    """The packaged features plus the variant's (see module docstring)."""

    def __init__(self, flags: set[str], clusters: dict[str, tuple[str, ...]], gazetteer: nm.Gazetteer,
                 entries: list[tuple[str, str, str]]) -> None:
        super().__init__(clusters, gazetteer)
        self.flags = flags
        ends: dict[str, set[str]] = {}
        if "gzpos" in flags:
            for src, typ, key in entries:
                parts = key.split()
                if len(parts) > 1:
                    ends.setdefault(parts[0], set()).add(f"gf{src}={typ}")
                    ends.setdefault(parts[-1], set()).add(f"gl{src}={typ}")
        self.ends = {k: sorted(v) for k, v in ends.items()}

    def describe(self, tok: str, key: str | None = None) -> tuple[str, str, list[str], list[str], list[str]]:
        k, alt, own, near, far = super().describe(tok, key)
        p = self.parts(tok, key)
        cl, arabic = p.clusters, p.shape[0] == "A"
        if "nbcl" in self.flags and cl:
            near, far = [*near, f"c2={cl[2]}"], [*far, f"c1={cl[1]}"]
        if "aff4" in self.flags and arabic:
            own = [*own, f"p4={p.bare[:4]}", f"s4={p.match_key[-4:]}", f"bs2={p.bare[-2:]}"]
        if "nbaff" in self.flags and arabic:
            near = [*near, f"s2={p.match_key[-2:]}", f"p2={p.bare[:2]}"]
        if self.ends:
            own = [*own, *(self.ends.get(p.match_key) or self.ends.get(p.alt) or self.ends.get(p.bare) or ())]
        return k, alt, own, near, far

    def sentence(self, tokens: list[str]) -> list[list[str]]:  # type: ignore[override]
        out = super().sentence(tokens)
        if "clbg" in self.flags or "tr3" in self.flags:
            ps = [self.parts(t) for t in tokens]
            mid = [p.clusters[1] if p.clusters else ("D" if p.shape[0] == "D" else "n") for p in ps]
            for i in range(1, len(tokens)):
                if "clbg" in self.flags:
                    out[i].append(f"cb-={mid[i - 1]}|{mid[i]}")
                    out[i - 1].append(f"cb+={mid[i - 1]}|{mid[i]}")
                if "tr3" in self.flags and i >= 3 and ps[i - 3].trigger:
                    out[i].append(f"-3tr={ps[i - 3].trigger}")
        return out


def main() -> None:
    """Train one variant on the dev protocol and print its dev scores."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("variant")
    ap.add_argument("--c1", type=float, default=nm.TrainConfig.c1)
    ap.add_argument("--c2", type=float, default=nm.TrainConfig.c2)
    ap.add_argument("--iterations", type=int, default=nm.TrainConfig.max_iterations)
    ap.add_argument("--log", type=Path, default=None)
    args = ap.parse_args()
    flags = set(args.variant.split("+"))
    if flags - VARIANTS:
        ap.error(f"unknown variant(s) {sorted(flags - VARIANTS)}; known: {sorted(VARIANTS)}")

    sets = nm.load_training_sets(nm.default_data_dir(), 0.1, warn=lambda _: None)
    fit, dev = nm.split_tail(sets["anercorp_train"], 0.1)  # the held-out tail is not even loaded into fit/dev
    if "bilou" in flags:
        fit = [list(zip([t for t, _ in s], to_bilou([g for _, g in s]), strict=True)) for s in fit]
    entries = nm.load_gazetteer(nm.DEFAULT_MODEL_DIR / nm.GAZETTEER_FILE)
    if "kb" in flags:
        entries += kb_entries(Path(nm.__file__).resolve().parents[1] / "kb" / "data")
    fz = VariantFeaturizer(flags, nm.load_clusters(nm.DEFAULT_MODEL_DIR / nm.CLUSTERS_FILE), nm.Gazetteer(entries),
                           entries)
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / nm.MODEL_FILE
        shutil.copy(nm.DEFAULT_MODEL_DIR / nm.CLUSTERS_FILE, Path(tmp) / nm.CLUSTERS_FILE)
        t0 = time.process_time()
        config = nm.TrainConfig(c1=args.c1, c2=args.c2, max_iterations=args.iterations)
        info = nm.train_sentences(fit, model, config, featurizer=fz)
        tagger = nm.Tagger(model, engine="crfsuite")  # crfsuite's tagger reads the variant's attribute lists
        tagger.featurizer = fz
        pred = [to_bio(p) for p in tagger.tag_sentences([[t for t, _ in s] for s in dev])]
    scores = nm.evaluate([[t for _, t in s] for s in dev], pred)
    print(scores.table())
    result = {"variant": args.variant, "c1": args.c1, "c2": args.c2, "iterations": args.iterations,
              "dev_f1": round(scores.f1, 4), "by_type": scores.as_dict(), "active_features": info["active_features"],
              "cpu_seconds": round(time.process_time() - t0)}
    print(json.dumps(result))
    if args.log:
        with args.log.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
