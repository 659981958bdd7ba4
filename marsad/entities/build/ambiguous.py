"""Find one-word place names in the knowledge base that are, in real news text, mostly ordinary words.

"كيف" (how) is also Kyiv; "كان" (was) is also Cannes. Counting, over a corpus, how often each one-word place alias is
governed by a place cue ("في", "إلى", "من", "مدينة", a ب/ل proclitic …) separates the two: real places are, often
enough; common words almost never. The result is written to ``marsad/entities/data/ambiguous_names.txt`` and used by
the recogniser to take such words as places only after a place cue.

    python -m marsad.entities.build.ambiguous [CORPUS.jsonl.gz] [--min-count 30] [--max-ratio 0.05]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from marsad.text.normalise import match_key

OUT = Path(__file__).resolve().parent.parent / "data" / "ambiguous_names.txt"
CUES = {"في", "الي", "من", "مدينه", "محافظه", "بمدينه", "عاصمه", "منطقه", "الى", "فى", "لمدينه", "ومدينه"}
_WORD = re.compile(r"\w+")
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def main() -> None:
    from marsad.kb.loader import default_kb

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[3].parent
                                                        / "shared/corpus/saudinewsnet/saudinewsnet.jsonl.gz"))
    ap.add_argument("--min-count", type=int, default=30)
    ap.add_argument("--max-ratio", type=float, default=0.05)
    args = ap.parse_args()
    kb = default_kb()
    single: set[str] = set()
    for entry in kb.entries():
        if entry.type in ("GPE", "LOC", "FAC"):
            for form in [entry.name_ar, *entry.aliases_ar]:
                key = match_key(form or "").strip()
                if key and " " not in key:
                    single.add(key)
    total: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            words = _WORD.findall(match_key(json.loads(line).get("text", "")))
            for i, w in enumerate(words):
                if w in single:
                    bare, cue = w, i > 0 and words[i - 1] in CUES
                elif w[:1] in "بل" and w[1:] in single:
                    bare, cue = w[1:], True  # "بموسكو", "لموسكو"
                else:
                    # "البنين", "للبنين": the article on a name that has none is the ordinary word (boys, not Benin)
                    rest = next((w[len(p):] for p in _ARTICLES if w.startswith(p) and w[len(p):] in single), None)
                    if rest is None:
                        continue
                    bare, cue = rest, False
                total[bare] += 1
                if cue:
                    cued[bare] += 1
    rows = sorted((w for w, n in total.items() if n >= args.min_count and cued[w] / n < args.max_ratio))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = ("# One-word place aliases that are mostly ordinary words in news text (match keys), made by\n"
              f"# python -m marsad.entities.build.ambiguous on SaudiNewsNet: count >= {args.min_count}, "
              f"place-cue ratio < {args.max_ratio}\n")
    OUT.write_text(header + "".join(f"{w}\t{total[w]}\t{cued[w] / total[w]:.2f}\n" for w in rows), encoding="utf-8")
    print(f"{len(rows)} ambiguous words written to {OUT}")


if __name__ == "__main__":
    main()
