"""The topics of the shipped vocabulary on sentences written for these tests: one test per rule
of issue 29 (parties in view, paraphrases, words that exclude), and the loader's checks of the
new fields."""
from __future__ import annotations

import pytest

from kb.rules.vocabulary import load_vocabulary
from kb.rules.yamlfile import ConfigError

KINDS = "kinds:\n  - id: news-report\n    label: News report\n"


@pytest.fixture
def topics_of(annotate_text, vocab):
    """Each paragraph's topics (the headline's under 0) of a made-up text, with the real vocabulary."""
    def run(text: str) -> dict[int, set[str]]:
        a = annotate_text(text, vocab=vocab)
        out: dict[int, set[str]] = {}
        for h in a.topics:
            out.setdefault(h.paragraph, set()).add(h.topic)
        for h in a.headline_topics:
            out.setdefault(0, set()).add(h.topic)
        return out
    return run


def found(topics: dict[int, set[str]]) -> set[str]:
    return set().union(*topics.values()) if topics else set()


# --- parties in view ---------------------------------------------------------------------------

def test_a_bilateral_topic_needs_the_other_party_in_the_document(topics_of):
    # Greetings and a partnership with a third country: China is nowhere in view.
    alone = topics_of("Putin sent New Year greetings to the President of Kazakhstan.\n\n"
                      "He wished the strategic partnership of Russia and Kazakhstan further success.")
    assert not {"new-year-greetings", "comprehensive-strategic-partnership"} & found(alone)
    both = topics_of("Putin sent New Year greetings to Xi Jinping.\n\n"
                     "He wished the strategic partnership of the two countries further success.")
    assert {"new-year-greetings", "comprehensive-strategic-partnership"} <= found(both)


def test_a_demonym_puts_a_party_in_view(topics_of):
    t = topics_of("Putin sent New Year greetings to the Chinese leadership.")
    assert "new-year-greetings" in found(t)


def test_cooperation_between_the_two_needs_both_near_its_paragraph(topics_of):
    text = ("Xi Jinping and Vladimir Putin held talks in Moscow.\n\n"
            "Trade between the two grew fast last year and reached a record.\n\n"
            "All nations should work together to make vaccines a global public good.\n\n"
            "The two countries will deepen cooperation on vaccines and medicines.")
    t = topics_of(text)
    assert "covid-cooperation" not in t.get(3, set())
    assert "covid-cooperation" in t[4]


def test_a_covid_paragraph_goes_on_from_the_paragraph_before(topics_of):
    t = topics_of("Moscow and Beijing signed a deal to produce vaccines against the virus together.\n\n"
                  "The first batch of the vaccine reaches clinics in May.")
    assert "covid-cooperation" in t[2]


def test_the_headline_is_not_the_paragraph_a_covid_paragraph_goes_on_from(topics_of):
    t = topics_of("China and Russia urge vaccines for all\n\n"
                  "date 2021-05-01 Every nation should work together to share vaccines fairly.\n\n"
                  "Officials met in Geneva.")
    assert not any("covid-cooperation" in v for k, v in t.items() if k)


# --- what a description refers back to ---------------------------------------------------------

def test_a_topic_a_rule_showed_is_an_antecedent(topics_of):
    t = topics_of("Xi Jinping and Vladimir Putin exchanged New Year congratulatory messages on Friday.\n\n"
                  "Xi sent his best wishes to the Russian people.")
    assert "new-year-greetings" in t[2]


def test_greetings_after_the_new_year_greetings_are_those(topics_of):
    t = topics_of("Xi Jinping and Vladimir Putin exchanged New Year greetings.\n\n"
                  "The premier's note conveyed warm greetings to all Russian families.")
    assert "new-year-greetings" in t[2]


def test_the_agreement_after_the_treaty_is_the_treaty(topics_of):
    t = topics_of("Moscow and Beijing signed the Treaty of Good-Neighbourliness and Friendly Cooperation.\n\n"
                  "The agreement runs for two decades and may be prolonged.\n\n"
                  "'Both sides shall consult each other,' it stipulates.")
    assert "treaty-anniversary" in t[2] and "treaty-anniversary" in t[3]


def test_the_commemoration_after_the_victory_is_the_victory(topics_of):
    t = topics_of("Xi Jinping came to Moscow for the Victory Day parade with Putin.\n\n"
                  "Speaking at the commemoration, he thanked the guests.")
    assert "wwii-victory-anniversary" in t[2]


# --- paraphrases -------------------------------------------------------------------------------

def test_the_silk_road_with_the_eurasian_union_is_their_alignment(topics_of):
    t = topics_of("Putin and Xi Jinping discussed tying the Silk Road project to the Eurasian Union.")
    assert "bri-eaeu-alignment" in t[1]


def test_our_integration_projects_names_both_at_once(topics_of):
    t = topics_of("Moscow backs the Eurasian Economic Union and Beijing the Belt and Road Initiative.\n\n"
                  "Talks on a cooperation agreement between our integration projects begin soon.")
    assert "bri-eaeu-alignment" in t[2]


def test_the_victory_in_asia_and_its_short_forms(topics_of):
    t = topics_of("Xi Jinping watched the V-Day march in Moscow with Putin.\n\n"
                  "Beijing marks the victory over Japan each September.\n\n"
                  "Putin honoured the veterans of the eastern front of World War II.")
    assert all("wwii-victory-anniversary" in t[i] for i in (1, 2, 3))


def test_vaccines_as_a_public_good(topics_of):
    t = topics_of("China and Russia urged that vaccines become a global public good.")
    assert "covid-cooperation" in t[1]


def test_aid_against_the_virus(topics_of):
    t = topics_of("Russia flew humanitarian aid to China at the start of the virus.")
    assert "covid-cooperation" in t[1]


def test_the_pandemic_as_an_obstacle_is_not_covid_cooperation(topics_of):
    t = topics_of("China and Russia kept up their cooperation in trade despite the pandemic.")
    assert "covid-cooperation" not in found(t)


def test_firm_support_for_the_other_sides_security(topics_of):
    t = topics_of("Beijing firmly supports Moscow in its efforts to protect the country's sovereignty and security.")
    assert "core-interests" in t[1]


def test_taiwan_is_the_question_only_with_a_position_on_it(topics_of):
    assert "taiwan-question" not in found(topics_of("Wang Yi and Lavrov met as ships sailed near Taiwan."))
    assert "taiwan-question" in topics_of("Lavrov said Russia supports China on Taiwan.")[1]


def test_coordination_within_international_organizations_is_multilateral(topics_of):
    t = topics_of("Lavrov said Russia will step up coordination with China within international organizations.")
    assert "multilateral-frameworks" in t[1]


def test_a_contract_of_sale_is_trade(topics_of):
    t = topics_of("Gazprom and CNPC signed a purchase contract for LNG over thirty years.")
    assert "trade" in t[1]


def test_a_trade_route_and_the_trade_ministry_are_not_trade(topics_of):
    t = topics_of("Merchants once crossed the steppe on a trade route.\n\n"
                  "The Russian Trade Ministry press service said the cargo had left.")
    assert "trade" not in found(t)


def test_navigation_systems_are_space_cooperation_together_only(topics_of):
    assert "space-cooperation" not in found(topics_of("A picture shows China's BeiDou system in orbit."))
    assert "space-cooperation" in topics_of("Russia and China will link BeiDou and GLONASS.")[1]


def test_gas_fields_are_energy(topics_of):
    assert "energy" in topics_of("The pipeline starts at gas fields in Yakutia.")[1]


def test_the_language_names_both_parties_at_once(lang):
    for words in ("the two countries", "our countries", "both sides", "each other", "bilateral ties"):
        assert lang.both_parties.search(words), words
    assert not lang.both_parties.search("the countries of Asia")


# --- the loader's checks -----------------------------------------------------------------------

def problems(tmp_path, text: str) -> list[str]:
    (tmp_path / "v.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_vocabulary(tmp_path)
    return info.value.problems


@pytest.mark.parametrize("topic, expected", [
    ("    parties: [nowhere, china]\n", "v.yml:2: parties: a: no place 'nowhere'"),
    ("    parties: [china]\n", "v.yml:2: parties: a: a topic is between two parties or more"),
    ("    parties: [china, china2]\n    parties_in: sentence\n", "v.yml:5: parties_in: a: must be document or paragraph"),
    ("    rules: [[['!despite'], [trade]]]\n", "v.yml:2: rules: a: a group is all"),
    ("    rules: [[[trade], ['!despite', pandemic]]]\n", "v.yml:2: rules: a: a group is all"),
])
def test_parties_and_exclusions_are_checked(tmp_path, topic, expected):
    text = ("topics:\n  - id: a\n    label: A\n" + topic
            + "places:\n  - id: china\n    label: China\n  - id: china2\n    label: Other\n" + KINDS)
    assert any(expected in p for p in problems(tmp_path, text)), problems(tmp_path, text)


def test_demonyms_belong_to_places_only(tmp_path):
    text = "people:\n  - id: a\n    label: A\n    demonyms: [Ay]\n" + KINDS
    assert any("demonyms: unknown key" in p for p in problems(tmp_path, text))
