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
    # The 2022 formula is a topic of its own, quoted about the relationship, not its name.
    ("Friendship between the two states has no limits, there are no forbidden areas of cooperation.",
     {"no-limits-partnership"}, {"comprehensive-strategic-partnership"}),
    ("The leaders reviewed the strategic partnership between Moscow and Beijing.",
     {"comprehensive-strategic-partnership"}, set()),
    ("Russia values its overarching partnership and strategic interaction with China.",
     {"comprehensive-strategic-partnership"}, set()),
    ("Both capitals praised what they call a comprehensive strategic and collaborative partnership.",
     {"comprehensive-strategic-partnership"}, set()),
    ("The two sides will deepen strategic cooperation in international affairs.",
     set(), {"comprehensive-strategic-partnership"}),
    ("Beijing regards Moscow as a key strategic partner.", set(), {"comprehensive-strategic-partnership"}),
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
    # Multilateral frameworks named by the organisations: an organisation implies the topic,
    # but not from inside a longer name or descriptor.
    ("They will coordinate closely within the SCO and BRICS.", {"multilateral-frameworks"}, set()),
    ("Putin will attend the BRICS summit in Johannesburg next week.", {"multilateral-frameworks"}, set()),
    ("The ministers compared notes before the G20 meeting.", {"multilateral-frameworks"}, set()),
    ("As permanent members of the UN Security Council, the two countries bear special responsibility.",
     set(), {"multilateral-frameworks"}),
    ("They marked the 80th anniversary of the founding of the United Nations.",
     {"un-anniversary"}, {"multilateral-frameworks"}),
    ("They commemorated the 80th anniversary of victory in World War II and the founding of the United Nations.",
     {"un-anniversary", "wwii-victory-anniversary"}, {"multilateral-frameworks"}),
    # The treaty itself, its extension under the short name.
    ("The sides agreed to extend the friendship treaty for five more years.", {"treaty-anniversary"}, set()),
    ("The principles laid down in the Treaty of Good-Neighbourly Friendship and Cooperation remain valid.",
     {"treaty-anniversary"}, set()),
    # Trade and economy in the wordings that stem apart from "trade".
    ("Moscow and Beijing pledged to expand economic cooperation and business ties.", {"trade"}, set()),
    ("Dozens of intergovernmental and commercial agreements were signed during the visit.", {"trade"}, set()),
    ("The pipeline is an important strategic project for both countries.", set(), {"investment"}),
    # Science and technology: "science" and "scientific" stem apart.
    ("The two countries will hold years of cooperation in science, technology and innovation.",
     {"science-technology"}, set()),
    ("Scientists of the two academies will expand exchanges next year.", {"science-technology"}, set()),
    ("Cooperation in advanced technologies is a promising field.", {"science-technology"}, set()),
    ("He studied political science in Moscow.", set(), {"science-technology"}),
    # COVID: "aide" is not aid; a pandemic named as the background of a framework is not cooperation.
    ("The presidential aide said the pandemic had delayed the visit.", set(), {"covid-cooperation"}),
    ("Despite the pandemic, the comprehensive strategic partnership of coordination kept growing.",
     {"comprehensive-strategic-partnership"}, {"covid-cooperation"}),
    ("The sides agreed on the production of vaccines at Chinese plants.", {"covid-cooperation"}, set()),
    # Core interests in other translations; "support" with "in the interests of" is not it.
    ("The sides reaffirmed mutual support on matters touching upon their interests.", {"core-interests"}, set()),
    ("Xi voiced support for Russia's legitimate security concerns.", {"core-interests"}, set()),
    ("Such support is in the interests of both peoples.", set(), {"core-interests"}),
    ("The sides will support each other on issues concerning trade.", set(), {"core-interests"}),
    # Energy markets and gas prices.
    ("Russia's share of the global energy market keeps growing.", {"energy"}, set()),
    ("The gas price under the contract was not disclosed.", {"energy"}, set()),
    # Occasions as paragraph topics.
    ("The two heads of state exchanged New Year greetings on Tuesday.", {"new-year-greetings"}, set()),
    ("The two presidents exchanged congratulatory telegrams for the New Year on December 31.",
     {"new-year-greetings", "congratulatory-messages"}, set()),
    ("The ministers will meet again after the New Year holidays.", set(), {"new-year-greetings"}),
    ("Putin congratulated Xi on his birthday in a telegram.", {"birthday-greetings"}, set()),
    ("Xi congratulated Putin on his re-election as president.", {"congratulatory-messages"}, set()),
    ("Ukraine peace talks were discussed in detail.", {"ukraine-crisis"}, set()),
]


CONTEXT = "Xi Jinping and Vladimir Putin held talks.\n\n"


@pytest.mark.parametrize("text, want, not_want", CASES, ids=[c[0][:40] for c in CASES])
def test_topics_on_other_wordings(annotate_text, vocab, text, want, not_want):
    # A paragraph of the two leaders first: the topics between the two countries hold only
    # where the document has both in view (`parties`).
    topics = {h.topic for h in annotate_text(CONTEXT + text, vocab=vocab).topics}
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


def paragraph_topics(annotated, index: int) -> dict[str, list[str]]:
    """Topic -> evidence words of the paragraph at 1-based `index`."""
    return {h.topic: [e.text for e in h.evidence] for h in annotated.topics if h.paragraph == index}


@pytest.mark.parametrize("text, index, topic, evidence", [
    # "The treaty" refers back to the treaty the document named, whose paragraphs are its topic.
    ("The leaders marked the 20th anniversary of the Treaty of Good-Neighbourliness and Friendly "
     "Cooperation.\n\nThe treaty laid a solid legal basis for relations between the two countries.",
     2, "treaty-anniversary", "The treaty"),
    # It means the treaty named last: here New START, which is arms control, not the 2001 treaty.
    ("The 2001 Treaty of Good-Neighbourliness was recalled.\n\nBoth sides welcomed the extension of "
     "New START.\n\nThe treaty limits deployed warheads.", 3, "strategic-stability", "The treaty"),
    # "The pipeline" once a gas pipeline was named.
    ("Gas began to flow through the Power of Siberia gas pipeline.\n\nPutin called the pipeline a "
     "project of the century.", 2, "energy", "the pipeline"),
    # "The two initiatives" refers to both initiatives named before.
    ("Russia leads the Eurasian Economic Union.\n\nChina proposed the Belt and Road Initiative.\n\n"
     "The two initiatives do not compete with each other.", 3, "bri-eaeu-alignment", "The two initiatives"),
    # Both initiatives named in one paragraph, a sentence each.
    ("The Eurasian Economic Union has a customs code of its own. The Belt and Road Initiative has no "
     "entry bar at all.", 1, "bri-eaeu-alignment", "Eurasian Economic Union"),
    # The good wishes of a New Year message.
    ("Xi Jinping and Vladimir Putin exchanged New Year greetings.\n\nThe Chinese leader sent his "
     "best wishes for good health to everyone in the neighbouring country.", 2, "new-year-greetings", "best wishes"),
])
def test_descriptions_refer_back_to_what_the_document_named(annotate_text, vocab, text, index, topic, evidence):
    found = paragraph_topics(annotate_text(text, vocab=vocab), index)
    assert evidence in found.get(topic, []), found


@pytest.mark.parametrize("text, topic", [
    ("The treaty laid a solid legal basis for relations between the two countries.", "treaty-anniversary"),
    ("Both sides welcomed the extension of New START.\n\nThe treaty limits deployed warheads.",
     "treaty-anniversary"),
    ("Several agreements are still in the pipeline.", "energy"),
    ("The minister sent his best wishes for good health to everyone in the neighbouring country.",
     "new-year-greetings"),
    ("Xi Jinping and Vladimir Putin exchanged New Year greetings.\n\nXi said in his message that ties "
     "had grown more mature.", "new-year-greetings"),
])
def test_a_description_without_its_antecedent_shows_nothing(annotate_text, vocab, text, topic):
    annotated = annotate_text(text, vocab=vocab)
    assert topic not in {h.topic for h in annotated.topics if h.paragraph == len(annotated.doc.paragraphs)}


def test_the_headline_is_annotated_like_a_paragraph(annotate_text, vocab):
    annotated = annotate_text("Xi and Putin Exchange New Year Greetings\n\nThe leaders spoke on Friday.", vocab=vocab)
    assert annotated.doc.headline == "Xi and Putin Exchange New Year Greetings"
    assert [(h.topic, h.paragraph, [e.text for e in h.evidence]) for h in annotated.headline_topics] == [
        ("new-year-greetings", 0, ["New Year Greetings"])]
    assert "new-year-greetings" in annotated.topic_ids()
    assert not annotated.topics
