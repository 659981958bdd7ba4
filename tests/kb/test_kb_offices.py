"""Offices by date: the right office for a date, and who held a post at a time."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.kb.offices import date_range


def test_date_range_precisions():
    assert date_range("2015") == (date(2015, 1, 1), date(2015, 12, 31))
    assert date_range("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert date_range("2015-06-07") == (date(2015, 6, 7), date(2015, 6, 7))
    with pytest.raises(ValueError):
        date_range("June 2015")


def test_offices_on_gives_the_office_held_then(kb):
    assert [o["role"] for o in kb.offices_on("putin_vladimir", "2010-06-01")] == ["prime_minister"]
    assert [o["role"] for o in kb.offices_on("putin_vladimir", "2015")] == ["president"]
    assert [o["role"] for o in kb.offices_on("putin_vladimir", "2005-03")] == ["president"]


def test_offices_on_carries_titles(kb):
    office = kb.offices_on("lavrov_sergey", "2020")[0]
    assert office["role_ar"] == "وزير الخارجية" and office["of"] == "russia" and office["end"] is None


def test_offices_on_before_any_office_is_empty(kb):
    assert kb.offices_on("lavrov_sergey", "1999") == []
    assert kb.offices_on("no_such_person", "2015") == []


@pytest.mark.parametrize("when", ["2015", "2024", "2024-06-15"])
def test_foreign_minister_of_russia(kb, when):
    assert kb.holder("foreign_minister", "russia", when).id == "lavrov_sergey"


@pytest.mark.parametrize(
    ("role", "of", "when", "expected"),
    [
        ("foreign_minister", "united_states", "2015", "kerry_john"),
        ("foreign_minister", "united_states", "2024", "blinken_antony"),
        ("Secretary of State", "united_states", "2019-01", "pompeo_mike"),
        ("وزير الخارجية", "saudi_arabia", "2016", "al_jubeir_adel"),
        ("president", "russia", "2010", "medvedev_dmitry"),
        ("prime_minister", "russia", "2010", "putin_vladimir"),
        ("secretary_general", "un", "2015", "ban_ki_moon"),
        ("secretary_general", "un", "2020", "guterres_antonio"),
        ("director_general", "unido", "2018", "li_yong"),
        ("king", "saudi_arabia", "2020", "salman_bin_abdulaziz"),
    ],
)
def test_holder(kb, role, of, when, expected):
    assert kb.holder(role, of, when).id == expected


def test_holder_prefers_who_served_most_of_a_year(kb):
    # Saud al-Faisal left on 29 April 2015; al-Jubeir held the post for most of that year
    assert kb.holder("foreign_minister", "saudi_arabia", "2015").id == "al_jubeir_adel"
    assert [p.id for p in kb.holders("foreign_minister", "saudi_arabia", "2015")] == [
        "al_jubeir_adel",
        "saud_al_faisal",
    ]


def test_holder_none_when_nobody_known(kb):
    assert kb.holder("foreign_minister", "russia", "1950") is None
