"""The publisher is the outlet the page names for itself, and nobody when it names none
(kb/stages/publisher.py; the shapes in kb/rules/lang/en.yml, the outlets in the vocabulary's
field). Texts written for these tests."""
from __future__ import annotations

import pytest

from conftest import ROOT
from kb.rules.language import load_language
from kb.rules.vocabulary import load_vocabulary
from kb.stages.annotate import annotate
from kb.stages.read import parse

LEAD = "The ministers of Aria and Belo met in Velden on Monday to discuss grain storage and river ports."
MORE = "They agreed to meet again before the harvest, the ministry said in a statement."


@pytest.fixture(scope="module")
def publisher():
    lang = load_language()
    vocab = load_vocabulary(ROOT / "vocabulary", lang)
    lang = lang.with_field(vocab.field_words)
    return lambda text: annotate(parse("t.txt", text, lang), vocab, lang).publisher


@pytest.mark.parametrize("text, expected", [
    # A credit alone in brackets at the top, before the time.
    (f"Ministers Meet in Velden\n\n(Xinhua) 10:15, June 2, 2030\n\n{LEAD}\n\n{MORE}\n", "Xinhua"),
    # A lead opening with a known outlet in brackets, or an agency's capitals.
    (f"(Reuters) - {LEAD}\n\n{MORE}\n", "Reuters"),
    (f"(ZNEWS) {LEAD}\n\n{MORE}\n", "ZNEWS"),
    # A dateline's place, a full stop and the agency.
    (f"VELDEN. KAZINFORM - {LEAD}\n\n{MORE}\n", "KAZINFORM"),
    # A site and the wire it runs in the dateline's brackets: the wire the field knows.
    (f"VELDEN, (APP - Daily Planet / Planet News - 3rd May, 2030) {LEAD}\n\n{MORE}\n", "APP"),
    (f"VELDEN (Planet News / Sputnik - 2nd May, 2030) {LEAD}\n\n{MORE}\n", "Sputnik"),
    # Bylines: the outlet's desk, the outlet in brackets, the outlet between dashes.
    (f"Ministers Meet in Velden\n\nByPN News Desk\n\n{LEAD}\n\n{MORE}\n", "PN"),
    (f"Ministers Meet in Velden\n\n10:15, June 2, 2030 By Ana Lind ( Daily Planet\n\n{LEAD}\n\n{MORE}\n", "Daily Planet"),
    (f"Ana LIND -PNX- (ARIA)- {LEAD}\n\n{MORE}\n", "PNX"),
    # A credit standing alone at the end of the text.
    (f"{LEAD}\n\n{MORE}\n\n(Bloomberg)\n", "Bloomberg"),
    # The wire a text says it draws on, when nothing else names the outlet.
    (f"{LEAD}\n\nThe accord runs for ten years, according to RIA-Novosti news agency.\n", "RIA-Novosti"),
    # The outlet a report names among the sources it drew on.
    (f"{LEAD}\n\nThe ports will share their silos, according to various news reports, among them the "
     "Financial Times.\n", "Financial Times"),
    # A source line at the top naming a wire.
    (f"Ministers Meet in Velden\n\nSource: Xinhua\n\n{LEAD}\n\n{MORE}\n", "Xinhua"),
    # A broadcaster's credit at the end that spells out its network: the outlet it opens with.
    (f"{LEAD}\n\n{MORE}\n\n(CGTN Network of the Example Broadcasting Group)\n", "CGTN"),
    # A wire credited at the end of a lead sentence: a person says, an outlet reports.
    (f"The ministers of Aria and Belo met in Velden on Monday, Radio Velden reports.\n\n{MORE}\n", "Radio Velden"),
])
def test_the_outlet_the_page_names_is_the_publisher(publisher, text, expected):
    assert publisher(text) == expected


@pytest.mark.parametrize("text", [
    f"{LEAD}\n\n{MORE}\n",                                           # no outlet named
    f"(Updated) {LEAD}\n\n{MORE}\n",                                 # a word in brackets, no outlet
    f"{LEAD}\n\nThe harvest grew, according to the survey of the ports.\n",  # a source that is no outlet
    f"{LEAD}\n\n(Photo)\n\n{MORE}\n",                               # a short bracket of another kind
    f"Ministers Meet in Velden\n\nSource: Ministry of Ports of Aria\n\n{LEAD}\n\n{MORE}\n",  # an official body
    f"{LEAD}\n\nThe silos are full, according to several news reports.\n",  # sources, none named
    f"{LEAD}\n\n{MORE}\n\n(AP Photo/Ana Lind)\n",                    # a photo's credit
    f"The two ports grew in spring, the ministry reports.\n\n{MORE}\n",  # an official body reports
])
def test_a_page_that_names_no_outlet_has_no_publisher(publisher, text):
    assert publisher(text) is None


def test_the_footer_wins_over_a_credit(publisher):
    text = f"(Xinhua) {LEAD}\n\n{MORE}\n\nVelden Courier\nTel: 123\nCopyright 2030 Velden Courier. All Rights Reserved\n"
    assert publisher(text) == "Velden Courier"
