"""The shipped vocabulary on wordings the seeds never use: other years, other publishers.

Each case is a sentence written the way Kremlin transcripts, foreign-ministry readouts, joint
statements and wire reports put things, with the topics a careful reader would tag (`want`) and
topics that would be a misreading (`not_want`). They keep the vocabulary honest for the corpus
to come, not only for the two seeds.
"""
from __future__ import annotations

import pytest

CASES = [
    # BRI–EAEU alignment in Russian and wire wordings.
    ("The leaders discussed the conjunction of the Eurasian Economic Union and the Silk Road "
     "Economic Belt projects.", {"bri-eaeu-alignment", "belt-and-road-initiative"}, set()),
    ("Moscow and Beijing will keep synergizing the EAEU with the Belt and Road.",
     {"bri-eaeu-alignment"}, set()),
    ("The EAEU summit discussed tariffs, while the Belt and Road Forum opens next month.",
     {"belt-and-road-initiative"}, set()),
    # Treaty anniversary and extension, in other spellings.
    ("This year marks the 20th anniversary of the Treaty on Good-Neighbourliness, Friendship and "
     "Cooperation between Russia and China.", {"treaty-anniversary"}, {"wwii-victory-anniversary"}),
    ("The two presidents announced the extension of the Treaty of Good-Neighborliness and "
     "Friendly Cooperation for another five years.", {"treaty-anniversary"}, set()),
    ("Both sides agreed to extend the New START treaty.", {"strategic-stability"}, {"treaty-anniversary"}),
    # Victory and UN anniversaries.
    ("Putin thanked Xi for attending the parade marking the 80th anniversary of Victory in the "
     "Great Patriotic War.", {"wwii-victory-anniversary"}, {"treaty-anniversary"}),
    ("Russia and China are committed to the UN Charter on the 80th anniversary of its signing.",
     {"un-anniversary"}, set()),
    # COVID cooperation, and a pandemic sentence that is not about cooperation.
    ("Russia supplied Sputnik V vaccines to China's partners and the two countries cooperated on "
     "research.", {"covid-cooperation"}, set()),
    ("The coronavirus pandemic disrupted flights between the two capitals.", set(), {"covid-cooperation"}),
    # Energy, and energy as a figure of speech.
    ("Gazprom started supplies via the Power of Siberia gas pipeline.", {"energy"}, set()),
    ("The two leaders pledged to inject positive energy into world peace.", set(), {"energy"}),
    # Trade, and words that merely contain its stem.
    ("Bilateral trade turnover exceeded 200 billion dollars.", {"trade"}, set()),
    ("It is important that the World Trade Organization remains central.", set(), {"trade"}),
    # Partnership in the Russian wording; set phrases of the 2022 statement.
    ("Relations of comprehensive partnership and strategic interaction have reached the highest "
     "level in history.", {"comprehensive-strategic-partnership"}, set()),
    ("Friendship between the two states has no limits, there are no forbidden areas of cooperation.",
     {"comprehensive-strategic-partnership"}, set()),
    # World order, sovereignty, sanctions.
    ("The sides oppose hegemonism and unilateral sanctions and stand for a multipolar world.",
     {"international-order", "sanctions"}, set()),
    ("Russia opposes any interference in China's internal affairs under the pretext of Xinjiang.",
     {"sovereignty-non-interference"}, set()),
    ("The Russian side reaffirmed its adherence to the one-China principle.", {"taiwan-question"}, set()),
    # Security and space.
    ("The navies held the Joint Sea exercise and a joint air patrol over the Sea of Japan.",
     {"security-cooperation"}, set()),
    ("Roscosmos and CNSA signed an agreement on the International Lunar Research Station.",
     {"space-cooperation"}, set()),
    # Multilateral frameworks named by the organisations.
    ("They will coordinate closely within the SCO and BRICS.", {"multilateral-frameworks"}, set()),
    ("Ukraine peace talks were discussed in detail.", {"ukraine-crisis"}, set()),
]


@pytest.mark.parametrize("text, want, not_want", CASES, ids=[c[0][:40] for c in CASES])
def test_topics_on_other_wordings(annotate_text, vocab, text, want, not_want):
    topics = {h.topic for h in annotate_text(text, vocab=vocab).topics}
    assert want <= topics, (want - topics, topics)
    assert not (not_want & topics), (not_want & topics)


@pytest.mark.parametrize("text, concepts", [
    ("President of the People's Republic of China Xi Jinping held talks with Russian Federation "
     "President Vladimir Putin.", {"xi-jinping", "china", "vladimir-putin", "russia"}),
    ("Foreign Minister Sergei Lavrov met Wang Yi in Beijing.", {"sergey-lavrov", "wang-yi", "beijing"}),
    ("Dmitri Medvedev addressed the Shanghai Cooperation Organization.",
     {"dmitry-medvedev", "shanghai-cooperation-organisation"}),
    ("The Treaty of Good-Neighbourliness and Friendly Cooperation was signed in 2001.",
     {"treaty-of-good-neighbourliness"}),
    ("The U.S. and the UN Security Council were named.", {"united-states", "un-security-council"}),
])
def test_entities_in_other_spellings(annotate_text, vocab, text, concepts):
    assert concepts <= {m.concept for m in annotate_text(text, vocab=vocab).mentions}


@pytest.mark.parametrize("lead, kind", [
    ("Vladimir Putin had a telephone conversation with President of China Xi Jinping.", "phone-call"),
    ("Xi Jinping held a video meeting with Vladimir Putin on Friday.", "video-meeting"),
    ("Xi Jinping and Vladimir Putin exchanged congratulatory messages on the anniversary.",
     "exchange-of-messages"),
    ("Xi Jinping held talks with Vladimir Putin in Moscow.", "meeting"),
    ("Xi Jinping met with Vladimir Putin, who briefed him on the situation.", "meeting"),
    ("Foreign Ministry Spokesperson Mao Ning hosted a regular press conference.", "press-conference"),
    ("The economy grew last year, official figures show.", "news-report"),
])
def test_kinds_on_other_wordings(annotate_text, vocab, lead, kind):
    assert annotate_text(lead, vocab=vocab).kind == kind
