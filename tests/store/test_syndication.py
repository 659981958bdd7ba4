"""Syndicated copies: one wire story printed by several papers is found, grouped, stored and weighed once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.model import Document
from marsad.store import open_store
from marsad.store.base import Store
from marsad.syndication import copy_groups, evidence_weight, find_copies, members, minhash, update_copies
from tests.conftest import SAUDINEWSNET
from tests.store.pgtest import fresh_schema

WIRE = (
    "الرياض - واس: استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود في قصر اليمامة بالرياض اليوم "
    "رئيس وزراء جمهورية باكستان الإسلامية محمد نواز شريف والوفد المرافق له، وجرى خلال الاستقبال استعراض العلاقات "
    "الثنائية بين البلدين الشقيقين وسبل تعزيزها في مختلف المجالات، إضافة إلى بحث تطورات الأحداث في المنطقة. "
    "حضر الاستقبال صاحب السمو الملكي الأمير محمد بن سلمان ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء وزير "
    "الدفاع، ومعالي وزير الخارجية الأستاذ عادل بن أحمد الجبير، ومعالي وزير المالية الدكتور إبراهيم العساف."
)
OTHER = (
    "أعلنت الهيئة العامة للاستثمار عن إطلاق منتدى جديد للاستثمار في مدينة جدة بمشاركة عدد كبير من رجال الأعمال "
    "والمستثمرين من مختلف دول العالم، ويهدف المنتدى إلى عرض الفرص الاستثمارية المتاحة في قطاعات الطاقة والتعدين "
    "والصناعة والسياحة، وبحث سبل تذليل العقبات التي تواجه المستثمرين الأجانب، وتعزيز الشراكة بين القطاعين."
)


def doc(source: str, text: str, **kw: str) -> Document:
    """A stored-like document: its first line is its title, as the cleaning stage makes it."""
    return Document(source=source, text=text, title=text.split("\n", 1)[0], **kw)  # type: ignore[arg-type]


def docs() -> list[Document]:
    return [
        doc(source="okaz/1", text="الملك يستقبل رئيس وزراء باكستان\n" + WIRE, outlet="okaz", published="2015-07-22"),
        doc(source="alriyadh/9", text="خادم الحرمين يستقبل نواز شريف\n" + WIRE.replace("اليوم", "أمس"),
                 outlet="alriyadh", published="2015-07-21"),
        # re-typed: diacritics, another alef, a trimmed last sentence
        doc(source="alyaum/3", text="استقبال\n" + WIRE.replace("الإسلامية", "الاسلامية")
            .replace("الملك", "المَلِك").rsplit("،", 1)[0], outlet="alyaum", published="2015-07-22"),
        doc(source="sabq/5", text="منتدى للاستثمار في جدة\n" + OTHER, outlet="sabq", published="2015-07-22"),
        doc(source="was/7", text="هيئة الاستثمار تطلق منتدى\n" + OTHER + " وأكد المحافظ أن المنتدى يعقد سنويا.",
            outlet="was",
                 published="2015-07-20"),
        doc(source="short/1", text="خبر قصير جدا", outlet="okaz"),
        doc(source="short/2", text="خبر قصير جدا", outlet="alyaum"),
        doc(source="unrelated", text="مقلوب\n" + " ".join(WIRE.split()[::-1]), outlet="okaz"),  # no shingle shared
    ]


def test_copies_are_grouped_under_their_earliest_article() -> None:
    ds = docs()
    groups = find_copies(ds)
    by_source = {d.id: d.source for d in ds}
    named = {tuple(sorted(by_source[i] for i in ids)): by_source[g] for g, ids in members(groups).items()}
    assert named == {("alriyadh/9", "alyaum/3", "okaz/1"): "alriyadh/9", ("sabq/5", "was/7"): "was/7"}
    assert minhash("خبر قصير جدا") is None  # too short to judge: never grouped


def test_evidence_weight_counts_each_group_once() -> None:
    ds = docs()
    groups = find_copies(ds)
    ids = [d.id for d in ds]
    assert evidence_weight(ids[:3], groups) == 1  # three papers, one wire story
    assert evidence_weight(ids[:5], groups) == 2
    assert evidence_weight(ids, groups) == 5  # + two short ones and the unrelated one, each on its own
    assert evidence_weight([], groups) == 0


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "m.db"))
        yield s
        s.close()
    else:
        with fresh_schema() as url:
            s = open_store(url)
            yield s
            s.close()


def test_groups_are_stored_and_listed_by_the_copies_command(store: Store) -> None:
    with store.transaction():
        for d in docs():
            store.replace_source(d.source, d.source, [d])
    groups = update_copies(store)
    assert copy_groups(store) == groups and len(groups) == 5
    out = CliRunner().invoke(app, ["copies", "--db", store.url, "--no-refresh"])
    assert out.exit_code == 0, out.output
    assert "3 copies" in out.output and "2 copies" in out.output
    assert out.output.index("3 copies") < out.output.index("2 copies")  # largest first
    assert "alriyadh" in out.output and "خادم الحرمين يستقبل نواز شريف" in out.output
    out = CliRunner().invoke(app, ["copies", "--db", store.url, "--min-size", "3", "--limit", "5"])
    assert out.exit_code == 0 and "2 groups holding 5 of 8 articles" in out.output
    assert "2 copies" not in out.output


@pytest.mark.skipif(not SAUDINEWSNET.exists(), reason="SaudiNewsNet is not beside the repository")
def test_compact_index_finds_the_groups_datasketch_s_own_index_finds() -> None:
    """find_copies keeps its own, smaller LSH index; on real articles its groups are the library index's groups."""
    import itertools

    from datasketch import MinHashLSH

    from marsad.ingest.files import read_jsonl
    from marsad.syndication import body

    articles = list(itertools.islice((i for i in read_jsonl(SAUDINEWSNET) if isinstance(i, Document)), 3000))
    lsh, hashes, parent = MinHashLSH(threshold=0.8, num_perm=128), {}, {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for d in articles:  # the library's index, as find_copies used it before it kept its own
        m = minhash(body(d))
        if m is None or d.id in hashes:
            continue
        for other in lsh.query(m):
            if m.jaccard(hashes[other]) >= 0.8 and find(d.id) != find(other):
                parent[find(d.id)] = find(other)
        lsh.insert(d.id, m)
        hashes[d.id] = m
    want: dict[str, set[str]] = {}
    for d in hashes:
        want.setdefault(find(d), set()).add(d)
    expected = sorted(sorted(g) for g in want.values() if len(g) > 1)
    got = find_copies(articles)
    grouped: dict[str, set[str]] = {}
    for d, g in got.items():
        grouped.setdefault(g, set()).add(d)
    assert len(expected) > 50  # real copies among them
    assert sorted(sorted(g) for g in grouped.values()) == expected
