"""The event's day: the day of the encounter a document reports, as a careful reader works it
out from the text alone, with the words it was read from or the reason there is none."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kb.model import Document
from kb.rules.language import Language
from kb.stages.paragraphs import Prepared, is_prose, lead as lead_of
from kb.text.tokens import tokenize
from kb.text.dates import FoundDate, explicit_dates, needs_reference, relative_dates, writing_year

DATE_LEAD_PARAGRAPHS = 4
"""Prose paragraphs searched for the event's day when the first ones name none (a joint
statement's text names the visit's days after its title and preamble)."""


@dataclass(frozen=True)
class EventDate:
    """The event's day as the text gives it, the words it was read from, and a note for the
    reader: why there is no date, or what a date stands on when no day is named."""

    date: dt.date | None
    evidence: str = ""
    note: str = ""
    inferred: bool = False
    """True when the date stands on the publication or filing date, no day being named: an
    account published the next day may then be one day off."""
    paragraph: int = 0
    """Index of the paragraph that named the day (0: none did)."""


TELLING_WINDOW = 5
"""Words before a date searched for a verb of telling."""


def _beside(relative: FoundDate, written: FoundDate) -> bool:
    """True when a word like "today" stands inside or right beside a written date ("today,
    the 23rd" on a page dated the 24th): the written date fixes the day, the word only points."""
    gap = 3
    return (written.start - gap <= relative.start + len(relative.evidence)
            and relative.start <= written.start + len(written.evidence) + gap)


def _telling(before: str, lang: Language) -> bool:
    """True when the words just before a date are a verb of telling (a verb of
    `telling_verbs` and a weekday): the day someone spoke of the event, not always the event's."""
    words = " ".join(before.split()[-TELLING_WINDOW:])
    return bool(lang.telling.search(words))


def _dateline(lead: list[Prepared], published: dt.date | None,
              lang: Language) -> tuple[int, int, FoundDate | None]:
    """The wire dateline opening the body: the position in `lead` of the first paragraph that
    opens with one (scraped lines may come before it), where it ends, and its date (its year
    from the publication date when it gives none; None when neither does). (0, 0, None) when
    no paragraph of the lead opens with a dateline."""
    for i, p in enumerate(lead):
        m = lang.lead_dateline(p.para.text)
        if m:
            found = explicit_dates(m.group("date"), published, lang.dates) if m.group("date") else []
            return i, m.end(), (FoundDate(found[0].date, m.group(0).strip(), 0) if found else None)
    return 0, 0, None


def event_date(doc: Document, paras: list[Prepared], published: dt.date | None,
               lang: Language) -> EventDate:
    """The day of the encounter, as a careful reader works it out from the text alone.

    The lead is searched paragraph by paragraph for a day tied to what it reports: a written
    date (a day, a month and a year), a weekday or "yesterday" resolved against the wire dateline's
    date or else the publication date, a coming day when the words before it speak of the
    future ("will open the bridge on" a day). A day given by a verb of telling gives way
    to a day of what was done in the next paragraph ("on Wednesday signed"), and a coming day
    the lead sentence tells of gives way to the day of its telling. A date without its year on
    a page with no date takes the year the text fixes (`writing_year`); a day the text gives no
    reference for (a weekday with no publication date, a date whose year nothing fixes) leaves
    the event undated, with the reason. When the lead names no day: the date line's when it
    names a place (`event_date_line`), else a wire dateline's when the lead sentence reports
    speech, else a dated caption that shows the event; never the publication date alone (the
    day a report came out is not the day of what it reports). A written date in the headline
    comes before these."""
    lead = lead_of(paras, lang, DATE_LEAD_PARAGRAPHS, doc.headline)
    dateline_at, dateline_end, dateline = _dateline(lead, published, lang)
    reference = dateline.date if dateline else published
    # With no date of its own, a day and month take the year the text's named years fix.
    yearly = reference or _year_end(paras, lang)
    telling: FoundDate | None = None
    lead_telling: FoundDate | None = None
    telling_at = telling_para = 0
    coming = False
    first = ""
    if lead and lead[dateline_at].sentences:
        opening = lead[dateline_at]
        first = next((opening.para.text[max(a, dateline_end):b] for a, b in opening.sentences if b > dateline_end), "")
        coming = lang.is_future(first) and not _telling_first(first, lang)
    for i, p in enumerate(lead):
        # A day of the telling, or the dateline, ends the search one paragraph on: later
        # paragraphs tell of other days ("the next day, she will tour the port").
        if (telling is not None and i > telling_at + 1) or (dateline_end and i > dateline_at + 1):
            break
        skip = dateline_end if i == dateline_at else 0
        action: list[FoundDate] = []
        unresolved: list[str] = []
        for start, end in p.sentences:
            if end <= skip:
                continue
            offset = max(start, skip)
            sentence = p.para.text[offset:end]
            in_first = i == dateline_at and sentence.strip() == first.strip()
            found = explicit_dates(sentence, yearly, lang.dates, lang.is_future)
            if reference is not None:
                found += [f for f in relative_dates(sentence, reference, lang.dates, lang.is_future)
                          if not any(_beside(f, g) for g in found)]
            else:
                unresolved += [w for w in needs_reference(sentence, lang.dates)
                               if not any(w in f.evidence for f in found)]
            for f in sorted(found, key=lambda f: f.start):
                if published is not None and (f.date - published).days > 366:
                    continue
                before = sentence[:f.start]
                at = FoundDate(f.date, f.evidence, f.start + offset)
                if not _telling(before, lang):
                    action.append(at)
                    continue
                if in_first:
                    lead_telling = lead_telling or at
                if lang.is_future(before):
                    # An official speaking on Friday of a signing to come: the day of the telling
                    # is not the day of the coming event it tells of.
                    coming = True
                elif telling is None:
                    telling, telling_at, telling_para = at, i, p.para.index
        if lead_telling is not None and action and all(reference is not None and a.date > reference for a in action):
            # The lead sentence gives the coming day of what it tells of, and the day of the
            # telling itself (a verb of telling and a weekday, after the coming day): the
            # report is of the telling, and its day is the event's.
            return EventDate(lead_telling.date, lead_telling.evidence, paragraph=p.para.index)
        if action:
            return EventDate(action[0].date, action[0].evidence, paragraph=p.para.index)
        if unresolved and telling is None:
            what = ", ".join(f"“{w}”" for w in dict.fromkeys(unresolved))
            why = ("its dateline gives no year" if dateline_end and published is None
                   else "the text shows no publication date to count from")
            return EventDate(None, "", f"the lead names {what}, and {why}")
    if telling is not None:
        return EventDate(telling.date, telling.evidence, paragraph=telling_para)
    # A briefing's transcript or a readout titled with a day: the headline's day.
    if doc.headline:
        found = explicit_dates(doc.headline, reference, lang.dates, lang.is_future)
        if found:
            return EventDate(found[0].date, found[0].evidence)
    if doc.date_line and lang.event_date_line.match(doc.date_line):
        found = explicit_dates(doc.date_line, None, lang.dates)
        if found:
            return EventDate(found[0].date, doc.date_line.strip())
    # A wire's dateline dates the speech its lead sentence reports ("CITY, date /AGENCY/ - X,
    # a verb of telling"): the statement is the day's news. Otherwise a dateline's date is the day the report
    # was filed, and a publication date the day it came out: neither is the day of the
    # encounter, which the text then does not give.
    if dateline is not None and lang.telling.search(first):
        return EventDate(dateline.date, dateline.evidence,
                         "the lead reports a statement: the wire's dateline dates it", inferred=True)
    # A caption showing the event, dated (a photo is of what has happened, even where the lead
    # goes on to what it will bring).
    shown = _caption_day(doc, paras, lead, published, lang)
    if shown is not None:
        return EventDate(shown.date, shown.evidence, "the day a photo of the event was taken, as its caption gives it",
                         paragraph=shown.start)
    if coming:
        return EventDate(None, "", "the lead announces a coming event and names no day for it")
    if dateline is not None or published is not None:
        return EventDate(None, "", "the lead names no day of the encounter (the report's own date is not it)")
    return EventDate(None, "", "the text gives no date for the event")


CAPTION_SHARED_WORDS = 3
"""Words a caption must share with the headline and lead sentence to show the event itself
(its people and what they do: a leader's name alone is in every caption of him)."""

CAPTION_DAYS_BEFORE = 3
"""How many days before the publication date a caption's photo of the event may be dated (a
weekly's photo of the week's ceremony; an older one illustrates, it does not report)."""


def _caption_day(doc: Document, paras: list[Prepared], lead: list[Prepared], published: dt.date | None,
                 lang: Language) -> FoundDate | None:
    """The date of the first caption above the end of the lead that shows the event the page
    reports: a full date, a photo of that day (`other_day_caption` not), words shared with the
    headline and the lead sentence, no later than the publication and shortly before it.
    `FoundDate.start` holds the caption's paragraph."""
    if not lead:
        return None
    opening = lead[0].para.text[slice(*lead[0].sentences[0])] if lead[0].sentences else ""
    about = {t.key for t in tokenize(f"{doc.headline or ''} {opening}")} - lang.headline_stopwords
    end = lead[-1].para.index
    for p in paras:
        if p.para.index > end:
            break
        if not lang.is_caption(p.para.text) or lang.other_day_caption.search(p.para.text):
            continue
        if len(about & {t.key for t in p.tokens}) < CAPTION_SHARED_WORDS:
            continue
        for f in explicit_dates(p.para.text, None, lang.dates):
            if published is None or 0 <= (published - f.date).days <= CAPTION_DAYS_BEFORE:
                return FoundDate(f.date, f.evidence, p.para.index)
    return None


def _year_end(paras: list[Prepared], lang: Language) -> dt.date | None:
    """The last day of the year the text was written in, as the years it names fix it
    (`writing_year`); None when it names none."""
    sentences = [p.para.text[a:b] for p in paras if is_prose(p, lang) for a, b in p.sentences]
    year = writing_year(sentences, lang.dates, lang.is_future)
    return dt.date(year, 12, 31) if year is not None and dt.MINYEAR <= year <= dt.MAXYEAR else None


def _telling_first(sentence: str, lang: Language) -> bool:
    """True when a verb of telling comes before the sentence's first future marker (a leader
    spoke of what his country will do): the future is what was spoken of, not the event reported."""
    tell = lang.telling.search(sentence)
    future = [m.start() for rx in lang.future_markers for m in rx.finditer(sentence)]
    return bool(tell) and bool(future) and tell.start() < min(future)
