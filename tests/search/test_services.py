"""search_records over real record pages, on each engine: Chinese queries, files, OCR
text, facets, filters, sorting, paging, 发文字号 lookup and suggestions."""

from __future__ import annotations

import pytest

from search.services import SearchFilters, search_records, suggest_titles
from tests.search.conftest import SECRET_WORD

pytestmark = pytest.mark.django_db


def ids(outcome) -> set[int]:
    return {hit.page_id for hit in outcome.hits}


def test_simplified_query_finds_traditional_record(tree):
    outcome = search_records(tree.clerk, "陪餐规则")
    assert ids(outcome) == {tree.letter.pk}
    assert "<mark>" in outcome.hits[0].highlight
    assert outcome.hits[0].type


def test_ocr_spaced_text_of_an_attached_file_is_found(tree):
    outcome = search_records(tree.clerk, "电子政务")
    assert ids(outcome) == {tree.notice.pk}
    hit = outcome.hits[0]
    assert hit.files == ["接待网络建设方案.docx"]  # originals only, not the derived text
    assert "<mark>" in hit.highlight


def test_document_number_typed_any_way_goes_to_the_record(tree):
    for typed in ("浙接待函[2026]3号", "浙接待函【2026】3号", "浙接待函（２０２６）３號"):
        outcome = search_records(tree.clerk, typed)
        assert outcome.exact_match is not None, typed
        assert outcome.exact_match.pk == tree.notice.pk


def test_document_number_of_a_classified_record_is_not_looked_up(tree):
    assert search_records(tree.clerk, "浙接待函〔2026〕9号").exact_match is None
    assert search_records(tree.officer, "浙接待函〔2026〕9号").exact_match.pk == tree.secret.pk


def test_facets_count_only_visible_records(tree):
    outcome = search_records(tree.clerk, "接待")
    assert ids(outcome) == {tree.letter.pk, tree.notice.pk}
    types = {value.label: value.count for value in outcome.facets["type"]}
    assert sum(types.values()) == 2
    bodies = {value.value for value in outcome.facets["issuing_body"]}
    assert bodies == {"安徽省接待办", "浙江省接待办"}
    assert "机要室" not in bodies


def test_classified_and_ungranted_records_never_leak(tree):
    clerk = search_records(tree.clerk, SECRET_WORD)
    assert clerk.total == 0 and clerk.hits == []
    assert all(not values for values in clerk.facets.values())
    assert suggest_titles(tree.clerk, SECRET_WORD) == []
    # Clearance is not enough without a grant, and a grant is not enough without clearance.
    assert search_records(tree.stranger, SECRET_WORD).total == 0
    assert ids(search_records(tree.officer, SECRET_WORD)) == {tree.secret.pk}


def test_anonymous_users_find_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert search_records(AnonymousUser(), "接待").total == 0


def test_filters_by_type_subtree_and_year(tree):
    letters = search_records(
        tree.officer, "接待", filters=SearchFilters(types=["repository.letterpage"])
    )
    assert ids(letters) == {tree.letter.pk}
    year = search_records(tree.officer, "接待", filters=SearchFilters(year=2023))
    assert ids(year) == {tree.letter.pk}
    subtree = search_records(tree.officer, "接待", filters=SearchFilters(subtree=tree.reception.pk))
    assert subtree.total == 0


def test_sort_by_date_and_pagination(tree):
    first = search_records(tree.officer, "接待", sort="date", page=1, page_size=2)
    second = search_records(tree.officer, "接待", sort="date", page=2, page_size=2)
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    ordered = [hit.page for hit in first.hits + second.hits]
    # By document date (the 成文日期 of the two notices, the letter's publication),
    # ties broken by id so that pages never overlap.
    stamps = [(page.document_date, page.pk) for page in ordered]
    assert stamps == sorted(stamps, reverse=True)
    assert first.has_next and not second.has_next


def test_title_suggestions(tree):
    assert suggest_titles(tree.clerk, "信息网络") == [tree.notice.title]
