"""Unit tests of the Chinese text analysis shared by both engines."""

from __future__ import annotations

import pytest

from search import analysis


@pytest.mark.parametrize(
    "variant",
    [
        "浙接待函〔2026〕3号",
        "浙接待函[2026]3号",
        "浙接待函【2026】3号",
        "浙接待函(2026)3号",
        "浙接待函（２０２６）３号",
        "浙接待函［２０２６］３號",
        " 浙接待函 〔2026〕 3号 ",
    ],
)
def test_document_number_variants_share_one_key(variant):
    assert analysis.normalize_document_number(variant) == "浙接待函[2026]3号"


def test_different_document_numbers_keep_different_keys():
    keys = {
        analysis.normalize_document_number(n)
        for n in ("浙接待函〔2026〕3号", "浙接待函〔2026〕31号")
    }
    assert len(keys) == 2


def test_normalize_folds_script_width_and_case(corpus_texts):
    traditional = corpus_texts["anhui-reception-informatization"].splitlines()[0]
    folded = analysis.normalize_text(traditional)
    assert "公务接待" in folded and "公務" not in folded
    assert analysis.normalize_text("ＡＢＣ１２３") == "abc123"


def test_normalize_with_offsets_points_back_into_the_original():
    text = "公務（ＡＢ）接待"
    folded, offsets = analysis.normalize_with_offsets(text)
    assert folded == analysis.normalize_text(text)
    assert len(offsets) == len(folded)
    start = folded.index("接待")
    assert text[offsets[start] : offsets[start + 1] + 1] == "接待"


def test_ocr_spacing_between_chinese_characters_is_removed_but_not_elsewhere():
    assert analysis.join_cjk_spacing("公 务 接 待 in 2026 年") == "公务接待 in 2026 年"


def test_segment_uses_search_mode_words(corpus_texts):
    words = analysis.segment("公務接待信息化平台")
    assert {"公务", "接待", "信息化"} <= set(words)
    assert all(word.strip() for word in words)


def test_bigrams_cover_every_two_character_word(corpus_texts):
    text = corpus_texts["anhui-reception-informatization"]
    tokens = set(analysis.index_tokens(text))
    assert {"陪餐", "接待", "公务"} <= tokens  # 陪餐 only occurs inside longer runs


def test_index_tokens_end_each_chinese_run_with_its_last_character():
    assert analysis.index_tokens("陪餐规则, AB 1号") == [
        "陪餐",
        "餐规",
        "规则",
        "则",
        "ab",
        "1",
        "号",
    ]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("依托政务平台构建接待网络", "接待"),
        ("浙接待函〔2026〕3号文件", "浙接待函[2026]3号"),
        ("浙接待函〔2026〕3号文件", "函[2026]3"),
        ("公務接待信息化", "务接待信"),
    ],
)
def test_query_tokens_are_a_contiguous_run_of_the_index_tokens(text, query):
    document = analysis.index_tokens(text)
    wanted, prefix = analysis.query_tokens(query)
    matches = [
        i
        for i in range(len(document) - len(wanted) + 1)
        if document[i : i + len(wanted) - 1] == wanted[:-1]
        and (
            document[i + len(wanted) - 1].startswith(wanted[-1])
            if prefix
            else document[i + len(wanted) - 1] == wanted[-1]
        )
    ]
    assert matches


def test_query_terms_split_words_keep_numbers_whole_and_glue_single_characters():
    assert analysis.query_terms("陪餐人数规定") == ["陪餐", "人数", "规定"]
    assert analysis.query_terms("接待办 浙接待函〔2026〕3号") == ["接待办", "浙接待函[2026]3号"]
    assert analysis.query_terms("。，！") == []


def test_lone_characters_are_detected():
    assert analysis.has_lone_cjk_character("浙接待函[2026]3号")
    assert not analysis.has_lone_cjk_character("公务接待 2026")
