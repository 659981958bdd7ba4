"""The statistical NER model: CoNLL reading, features, training, tagging (numpy and crfsuite agree), CLI."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.entities import ner_model as nm

DATA = nm.default_data_dir()
ANERCORP = DATA / "anercorp" / "train.txt"
PACKAGED = nm.DEFAULT_MODEL_DIR / nm.MODEL_FILE

needs_data = pytest.mark.skipif(not ANERCORP.is_file(), reason="shared NER data not present")
needs_model = pytest.mark.skipif(not PACKAGED.is_file(), reason="packaged NER model not built")


# ---- reading CoNLL -------------------------------------------------------------------------------------------


def test_reader_handles_bom_crlf_lrm_tabs_and_extra_columns(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(
        (
            "\ufeff\u200eجمهورية\tB-Nation\r\n\u200eمصر\tI-Nation\r\nفي O\r\n\r\n"
            "قال x y O\r\nأوباما\tNNP\tB-Politician\r\n"
        ).encode()
    )
    sents = nm.read_corpus(f)
    assert sents == [
        [("جمهورية", "B-LOC"), ("مصر", "I-LOC"), ("في", "O")],
        [("قال", "O"), ("أوباما", "B-PERS")],
    ]


def test_reader_skips_lines_with_no_token_and_names_them(tmp_path: Path) -> None:
    f = tmp_path / "b.txt"
    f.write_text("قال O\n\u200f O\n\tO\nمحمد B-PERS\n   \nهنا O\n", encoding="utf-8")
    notes: list[str] = []
    sents = nm.read_conll(f, warn=notes.append)
    assert sents == [[("قال", "O"), ("محمد", "B-PERS")], [("هنا", "O")]]  # whitespace-only line breaks
    assert [n.split(": ", 1)[0] for n in notes] == [f"{f}:2", f"{f}:3"]
    assert all("no token" in n for n in notes)


def test_reader_cuts_huge_lines(tmp_path: Path) -> None:
    f = tmp_path / "c.txt"
    f.write_text("قال O\n" + "ب" * 1_000_000 + " O\n", encoding="utf-8")
    notes: list[str] = []
    sents = nm.read_conll(f, warn=notes.append)
    assert len(sents[0][1][0]) == nm.MAX_TOKEN_CHARS
    assert notes and "1000000 characters" in notes[0] and f"{f}:2" in notes[0]


def test_reader_rejects_empty_files(tmp_path: Path) -> None:
    for content in (b"", b"\n\n  \r\n", "\ufeff".encode()):
        f = tmp_path / "e.txt"
        f.write_bytes(content)
        with pytest.raises(nm.ConllError, match="no tokens"):
            nm.read_conll(f)
    with pytest.raises(nm.ConllError, match="cannot read"):
        nm.read_conll(tmp_path / "missing.txt")


def test_tag_mapping_and_bio_repair() -> None:
    assert [nm.map_tag(t) for t in ("B-PER", "I-MIS", "B-Nation", "B-Group", "I-Government", "B-Book")] == [
        "B-PERS",
        "I-MISC",
        "B-LOC",
        "O",
        "I-ORG",
        "B-MISC",
    ]
    assert nm.repair_bio(["I-LOC", "I-LOC", "O", "I-ORG", "B-PERS", "I-ORG"]) == [
        "B-LOC",
        "I-LOC",
        "O",
        "B-ORG",
        "B-PERS",
        "B-ORG",
    ]


def test_entity_scoring_is_exact_span_and_type() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "O"]]
    scores = nm.evaluate(gold, pred)
    assert scores.prf("LOC") == (1.0, 1.0, 1.0)
    assert scores.prf("PERS") == (0.0, 0.0, 0.0)
    p, r, f = scores.prf()
    assert (p, r) == (2 / 3, 2 / 3) and abs(f - 2 / 3) < 1e-9


def test_features_strip_proclitics() -> None:
    fz = nm.Featurizer()
    assert fz.analyse("والمملكه") == ("وال", "المملكه", "مملكه")
    assert fz.analyse("للتطرف") == ("لل", "التطرف", "تطرف")
    assert fz.analyse("بالرياض") == ("بال", "الرياض", "رياض")
    assert fz.analyse("وزير")[0] == ""  # و is part of the word here
    feats = fz.sentence(["قال", "الرئيس", "أوباما"])
    assert "w=اوباما" in feats[2] and "-1tr=PTITLE" in feats[2] and "EOS" in feats[2]
    assert "BOS" in feats[0] and "-2BOS" in feats[1]


# ---- training and tagging --------------------------------------------------------------------------------------


@needs_data
def test_tiny_training_run_tags_a_held_out_sentence(tmp_path: Path) -> None:
    t0 = time.perf_counter()
    sents = nm.read_corpus(ANERCORP)
    small = tmp_path / "small.txt"
    with small.open("w", encoding="utf-8") as fh:
        for s in sents[:400]:
            fh.write("".join(f"{t} {g}\n" for t, g in s) + "\n")
    model = tmp_path / "m" / nm.MODEL_FILE
    info = nm.train([small], model, nm.TrainConfig(max_iterations=40), gazetteer=nm.gazetteer_dir(DATA))
    assert model.is_file() and info["sentences"] == 400
    tagger = nm.Tagger(model)
    held = next(s for s in sents[1000:] if any(t == "B-LOC" for _, t in s) and len(s) < 40)
    toks = [t for t, _ in held]
    tags = tagger.tag_tokens(toks)
    assert len(tags) == len(toks) and set(tags) <= set(nm.LABELS)
    assert tags == nm.Tagger(model, engine="crfsuite").tag_tokens(toks)
    assert time.perf_counter() - t0 < 20


@needs_model
def test_numpy_decoder_agrees_with_crfsuite() -> None:
    sents = [[t for t, _ in s] for s in nm.read_corpus(ANERCORP)[-150:]] if ANERCORP.is_file() else []
    sents += [["قال", "الرئيس", "باراك", "أوباما", "في", "واشنطن"], ["الرياض"], []]
    fast = nm.Tagger(PACKAGED)
    ref = nm.Tagger(PACKAGED, engine="crfsuite")
    assert fast.tag_sentences(sents) == ref.tag_sentences(sents)


# Words that exercise every branch of the features: clitics, the article, numbers, Latin case, punctuation,
# presentation forms (a compatibility character), gazetteer names and triggers, a huge token.
ODD_WORDS = [
    "والمملكة", "للتطرف", "بالرياض", "وزير", "وواشنطن", "2015", "3.5", "١٢٠٠", "Obama", "NASA", "iPhone", "،", "«",
    ".", "...", "(", "ﻻ", "ﷲ", "الرئيس", "السيد", "مصر", "السعودية", "أوباما", "ب", "Ж", "x" * 300, "قال", "في",
]


@needs_model
def test_decoder_rows_are_exactly_the_sums_of_the_attribute_lists() -> None:
    """The decoder finds a word's weights by feature name and value and sums them in blocks; the result must be,
    bit for bit, the sum of each attribute list's weights as crfsuite sees the lists (so the tags cannot move)."""
    tagger = nm.Tagger(PACKAGED)
    dec, fz = tagger.decoder, tagger.featurizer
    assert dec is not None and dec.exact_blocks
    words = ODD_WORDS + ([t for s in nm.read_corpus(ANERCORP)[:400] for t, _ in s] if ANERCORP.is_file() else [])
    words = list(dict.fromkeys(words))
    dec.decode_flat(words, [len(words)])
    for w in words:
        _, _, own, near, far = fz.describe(w)
        assert [b for b in dec._blocks_of(fz.parts(w)) if b] == [dec.block_of[f] for f in own if f in dec.block_of]
        assert (dec.table[dec.ids[w]] == dec._sums(own, near, far)).all(), w
        assert (dec.keys[dec.ids[w]], dec.alts[dec.ids[w]]) == (fz.word(w).key, fz.word(w).alt)


@needs_model
def test_tag_texts_matches_tagging_each_chunk() -> None:
    """Batched, flat decoding with numpy entity extraction gives the spans of tagging chunk by chunk."""
    texts = [t for t, _ in REAL] + ["", "...", "جون كيري\nجون كيري", "الرياض " * 200, "باراك أوباما"]
    tagger = nm.Tagger(PACKAGED)
    from marsad.text.tokens import sentence_chunks, tokenize

    for text, spans in zip(texts, tagger.tag_texts(texts), strict=True):
        expected = []
        toks = tokenize(text)
        for chunk in sentence_chunks(text, toks):
            tags = tagger.tag_tokens([text[toks[i][0] : toks[i][1]] for i in chunk])
            expected += [(toks[chunk[s]][0], toks[chunk[e - 1]][1], typ) for s, e, typ in nm.entities(tags)]
        assert spans == expected
    ref = nm.Tagger(PACKAGED, engine="crfsuite")
    assert ref.tag_texts(texts) == tagger.tag_texts(texts)


def test_decoder_word_table_is_emptied_when_full() -> None:
    """A long run must not grow the word table without bound, and answers stay the same after it is emptied."""
    if not PACKAGED.is_file():
        pytest.skip("packaged NER model not built")
    tagger = nm.Tagger(PACKAGED)
    dec = tagger.decoder
    assert dec is not None
    dec.cache_size = 30
    text = REAL[0][0]
    first = tagger.tag_text(text)
    held = dec.size
    assert held > 30  # a batch's words are all added; the table is emptied before the next batch
    again = tagger.tag_text(text)
    assert again == first and dec.size == held


# Sentences from SaudiNewsNet (snn-2015-07-21-0000, -0006; snn-2015-07-22-0225), as published.
REAL = [
    (
        "حدد رئيس الوزراء البريطاني ديفيد كاميرون، اليوم (الاثنين)، ملامح استراتيجية للتصدي للتطرف داخل "
        'بريطانيا؛ وهي مسألة اعتبرها كاميرون "صراع جيلنا"، متعهدا خلال خطابه في مدينة بيرمنغهام بالتصدي '
        "لهؤلاء الذين ينشرون التطرف بين الشبان المسلمين البريطانيين.",
        {("ديفيد كاميرون", "PERS"), ("بريطانيا", "LOC"), ("بيرمنغهام", "LOC")},
    ),
    (
        "وطلب أوباما من وزير الخارجية، جون كيري، وسفيرة الولايات المتحدة لدى الأمم المتحدة، سامنثا باور، "
        "الالتزام بالاتفاق الذي أبرم في فيينا مع بقية الأطراف الدولية، وعرضه على مجلس الأمن اليوم.",
        {("جون كيري", "PERS"), ("الولايات المتحدة", "LOC"), ("الأمم المتحدة", "ORG"), ("فيينا", "LOC")},
    ),
    (
        'واستبعد وزير النفط الكويتي تأثر حصة بلاده عضو منظمة "أوبك" في السوق النفطية العالمية بالاتفاق النووي '
        "الذي وقعته إيران مع القوى الكبرى.",
        {("أوبك", "ORG"), ("إيران", "LOC")},
    ),
]


@needs_model
@pytest.mark.parametrize(("text", "expected"), REAL)
def test_packaged_model_finds_obvious_names_in_real_news(text: str, expected: set[tuple[str, str]]) -> None:
    found = {(text[s:e], typ) for s, e, typ in nm.tag_text(text)}
    assert expected <= found, found


@needs_model
def test_tag_text_offsets_survive_diacritics_and_marks() -> None:
    text = "\u200eزار وليُّ العهدِ الرياضَ.\nثم التقى جون كيري في القاهرة"
    spans = nm.default_tagger().tag_text(text)
    assert all(0 <= s < e <= len(text) and text[s:e].strip() == text[s:e] for s, e, _ in spans)
    assert (text.index("القاهرة"), len(text), "LOC") in spans


# ---- CLI ------------------------------------------------------------------------------------------------------

runner = CliRunner()


@needs_model
def test_cli_tag_writes_token_tab_tag(tmp_path: Path) -> None:
    f = tmp_path / "in.conll"
    f.write_text("قال\nالرئيس\nباراك\nأوباما\n\nفي\nواشنطن\n.\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", "--conll", str(f)])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.strip("\n").split("\n\n")
    assert len(blocks) == 2
    rows = [line.split("\t") for line in blocks[0].splitlines()]
    assert [r[0] for r in rows] == ["قال", "الرئيس", "باراك", "أوباما"]
    assert rows[2][1] == "B-PERS" and rows[3][1] == "I-PERS"
    assert blocks[1].splitlines()[1] == "واشنطن\tB-LOC"


@needs_model
def test_cli_tag_bad_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.conll"
    empty.write_bytes(b"")
    r = runner.invoke(app, ["tag", "--conll", str(empty)])
    assert r.exit_code == 1 and "no tokens" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert r.exception is None or isinstance(r.exception, SystemExit)

    r = runner.invoke(app, ["tag", "--conll", str(tmp_path / "nope.conll")])
    assert r.exit_code == 1 and "no such file" in r.stderr

    odd = tmp_path / "odd.conll"
    odd.write_text("قال\n\tO\n" + "س" * 1_000_000 + "\nمحمد\n", encoding="utf-8")
    r = runner.invoke(app, ["tag", "--conll", str(odd)])
    assert r.exit_code == 0
    assert [line.split(": ", 2)[1] for line in r.stderr.splitlines()] == [f"{odd}:2", f"{odd}:3"]
    assert len(r.stdout.strip().splitlines()) == 3  # the no-token line skipped, the huge one cut and tagged

    r = runner.invoke(app, ["tag", "--conll", str(odd), "--model", str(tmp_path / "no-model")])
    assert r.exit_code == 1 and "not found" in r.stderr and "Traceback" not in r.output


@needs_model
def test_cli_tag_broken_model(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / nm.MODEL_FILE).write_bytes(b"not a model")
    f = tmp_path / "in.conll"
    f.write_text("قال\n", encoding="utf-8")
    r = runner.invoke(app, ["tag", "--conll", str(f), "--model", str(bad)])
    assert r.exit_code == 1 and "cannot open" in r.stderr


@needs_data
def test_cli_train_ner_small(tmp_path: Path) -> None:
    data = tmp_path / "ner"
    (data / "anercorp").mkdir(parents=True)
    sents = nm.read_corpus(ANERCORP)[:300]
    (data / "anercorp" / "train.txt").write_text(
        "\n".join("".join(f"{t} {g}\n" for t, g in s) for s in sents), encoding="utf-8"
    )
    gaz = nm.gazetteer_dir(DATA)
    if gaz.is_dir():
        shutil.copytree(gaz / "anergazet", tmp_path / "gazetteers" / "anergazet")
    out = tmp_path / "model"
    r = runner.invoke(app, ["train-ner", "--data", str(data), "--out", str(out), "--iterations", "30"])
    assert r.exit_code == 0, r.output
    assert (out / nm.MODEL_FILE).is_file() and (out / nm.META_FILE).is_file()
    assert "ANERcorp held-out tail" in r.stdout and "overall" in r.stdout


@needs_model
def test_tagging_leaves_the_garbage_collector_as_it_found_it() -> None:
    """Tagging pauses the cyclic collector for speed; it must come back on, and stay off if the caller had it off."""
    import gc

    tagger = nm.default_tagger()
    assert gc.isenabled()
    tagger.tag_texts(["زار جون كيري القاهرة."])
    tagger.tag_sentences([["جون", "كيري"]])
    assert gc.isenabled()
    gc.disable()
    try:
        tagger.tag_texts(["زار جون كيري القاهرة."])
        assert not gc.isenabled()
    finally:
        gc.enable()


@needs_model
def test_decoder_without_block_sums_agrees_with_crfsuite() -> None:
    """With one-level clusters the neighbours' features are no subsequence of the word's own, so the decoder must
    sum each list on its own; its best paths must still be crfsuite's."""
    ref = nm.Tagger(PACKAGED, engine="crfsuite")
    one = nm.Featurizer({w: c[:1] for w, c in ref.featurizer.clusters.items()}, ref.featurizer.gazetteer)
    dec = nm.Decoder(ref.crf.info(), one)
    assert not dec.exact_blocks
    sents = [[t for t in text.split()] for text, _ in REAL] + [["الرياض"]]
    assert dec.decode(sents) == [ref.crf.tag(one.sentence(s)) for s in sents]


@needs_model
def test_collector_comes_back_after_tagging_in_threads() -> None:
    import gc
    from concurrent.futures import ThreadPoolExecutor

    texts = [t for t, _ in REAL] * 3

    def tag(_: int) -> int:
        return len(nm.Tagger(PACKAGED).tag_texts(texts))

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(tag, range(4))) == [len(texts)] * 4
    assert gc.isenabled()
