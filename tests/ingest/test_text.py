"""Unit tests of the text helpers: CJK space removal, 发文字号/成文日期 spotting, CER."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.official_fields import find_document_number, find_issue_date
from ingest.quality import character_error_rate, edit_distance
from ingest.text import clean_text, remove_cjk_spaces
from repository.document_numbers import STRICT_PATTERN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("公 务 接 待", "公务接待"),
        ("公\t务  接\u3000待", "公务接待"),
        (
            "关 于 做 好 接 待 工 作 的 通 知 ， 请 遵 照 执 行 。",
            "关于做好接待工作的通知，请遵照执行。",
        ),
        ("2026 年 11 月 23 日", "2026年11月23日"),
        ("国 办 发 〔 2012 〕 12 号", "国办发〔2012〕12号"),
        ("Tika server 3.3 and OCR", "Tika server 3.3 and OCR"),  # Latin words keep spaces
        ("version 2 of 3", "version 2 of 3"),  # numbers between words keep spaces
        ("使用 Wenshu 系统", "使用 Wenshu 系统"),  # Latin next to CJK is kept
        ("接待\n办公室", "接待\n办公室"),  # line breaks are structure, kept
        ("\u3000\u3000各省、自治区", "\u3000\u3000各省、自治区"),  # paragraph indent kept
        ("（ 一 ） 接 待", "（一）接待"),  # full-width punctuation is CJK
    ],
)
def test_remove_cjk_spaces(raw, expected):
    assert remove_cjk_spaces(raw) == expected


def test_clean_text_normalises_layout_noise():
    raw = "第 一 页\x00\r\n\f第 二 页   \n\n\n\n\n完"
    assert clean_text(raw) == "第一页\n\n第二页\n\n完"


@pytest.mark.parametrize(
    "typed",
    [
        "国办发〔2012〕12号",
        "国办发[2012]12号",
        "国办发(2012)12号",
        "国办发（2012）12号",
        "国办发【2012】12号",
        "国办发〔２０１２〕１２号",
        "国办发〔2012〕第012号",
        "国办发 〔 2012 〕 12 号",
    ],
)
def test_document_numbers_are_normalised_to_hexagonal_brackets(typed):
    assert find_document_number(typed) == "国办发〔2012〕12号"
    assert STRICT_PATTERN.match(find_document_number(typed))


@pytest.mark.parametrize("not_a_number", ["〔2012〕12号", "国办发2012年12号", "国办发〔12〕1号"])
def test_things_that_are_not_document_numbers(not_a_number):
    assert find_document_number(not_a_number) is None


OFFICIAL_TEXT = """浙江省公务接待办公室文件
浙接待函【２０２６】第3号
关于做好2026年公务接待工作的通知
各市接待办：
根据国办发〔2012〕12号文件精神，现就有关事项通知如下。
会议定于2026年3月1日召开。
浙江省公务接待办公室
2026年 11 月 23 日
浙江省公务接待办公室 2026年11月25日印发"""


def test_document_number_is_taken_from_its_own_line_not_from_the_body():
    assert find_document_number(OFFICIAL_TEXT) == "浙接待函〔2026〕3号"


def test_issue_date_is_the_standalone_date_line_not_the_printing_date():
    assert find_issue_date(OFFICIAL_TEXT) == date(2026, 11, 23)


def test_no_fields_in_plain_prose():
    prose = "根据国办发〔2012〕12号文件，2026年3月1日召开会议。"
    assert find_document_number(prose) is None
    assert find_issue_date(prose) is None


def test_impossible_dates_are_ignored():
    assert find_issue_date("2026年2月30日") is None


def test_edit_distance():
    assert edit_distance("公务接待", "公务接待") == 0
    assert edit_distance("公务接待", "公物接待") == 1  # substitution
    assert edit_distance("公务接待", "公务待") == 1  # deletion
    assert edit_distance("", "接待") == 2
    assert edit_distance("kitten", "sitting") == 3


def test_character_error_rate_ignores_whitespace_and_width():
    assert character_error_rate("公务接待 2026", "公 务 接 待２０２６") == 0.0
    assert character_error_rate("公务接待", "公物接待") == pytest.approx(0.25)
    assert character_error_rate("公务接待", "") == 1.0


def test_document_number_beside_the_signer_of_an_upward_document():
    assert find_document_number("浙接待〔2026〕7号　　　　签发人：张三") == "浙接待〔2026〕7号"
