"""Who a draft names, and whether they read as a young person (guidance 3.6: "do not publish information
that may identify individuals ... without their consent"). Plain Python, rule-based.

A name is a title and a name ("Cllr Patel", "Dr. R. Khan"), a common first name with or without a
surname ("Jamie", "Jamie Smith"), or any capitalised word with an age beside it ("Kai-Leigh (13)",
"Lily, 12,"). First names that are also words ("May", "Will", "Grace", "Summer") count only with a
surname, or mid-sentence where no date or verb reading fits. A named person reads as a young person when
their sentence gives an age under 18, a school year, a school, or words such as "junior", "pupil",
"young leader".

Limits: a name not in the list and without a title, a surname or an age is missed; so are names written
in lower case. The list (FIRST_NAMES) is common UK first names of children and adults, written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIRST_NAMES = frozenset(
    """
    Aaliyah Aaron Abbie Abby Abdul Abdullah Abigail Ada Adam Aden Adrian Ahmed Aidan Aiden Aisha Alan Albert
    Alesha Alex Alexa Alexander Alexandra Alfie Alfred Ali Alice Alicia Alisha Alison Alistair Amanda Amara
    Amelia Amelie Amir Amy Ana Andrea Andrew Andy Angela Anika Anna Annabel Anne Annie Anthony Archie Aria
    Ariana Arthur Arya Asha Ashley Ava Ayaan Ayesha Barbara Barry Bella Ben Benjamin Bethany Beth Billy
    Blake Bobby Bradley Brandon Brian Brooke Caleb Callum Cameron Carl Carly Caroline Carter Casey Cerys
    Charlie Charlotte Chelsea Chloe Chris Christine Christopher Ciara Clara Claire Colin Connor Corey Craig
    Daisy Daniel Danielle Danny Darren David Dean Deborah Declan Demi Dexter Dylan Eden Edward Eleanor Elijah
    Eliza Elizabeth Ella Ellie Elliot Elliott Eloise Elsie Emily Emma Erin Esme Ethan Eva Evan Evelyn Evie
    Ezra Faisal Fatima Felix Finlay Finley Finn Fiona Florence Frankie Freddie Freya Gabriel Gareth Gary
    Gavin Gemma Georgia George Georgina Gordon Gracie Graham Hallie Hamza Hannah Harley Harper Harriet
    Harrison Harry Harvey Hassan Hayden Hayley Heather Heidi Helen Henry Hollie Hugo Ian Ibrahim Imogen
    Isaac Isabel Isabella Isabelle Isaiah Isla Ismail Jacob Jade Jake James Jamie Jasmine Jason Jayden
    Jennifer Jenny Jessica Jesse Joanne Joe Joel Joey John Jonathan Jordan Joseph Josh Joshua Julia Julie
    Kai Karen Karim Kate Katie Kayden Kayla Keira Kelly Kenzie Kerry Kevin Khadija Kian Kieran Kirsty Kyle
    Lacey Laila Lara Laura Lauren Layla Leah Lee Leo Leon Lewis Liam Lily Lisa Logan Lola Louie Louis
    Louise Luca Lucas Lucy Luke Lydia Mabel Maddison Madison Maisie Maisy Malik Maria Mariam Marie Martin
    Maryam Mason Matilda Matthew Max Maya Megan Mia Michael Michelle Mila Millie Mohamed Mohammed Mohammad
    Molly Muhammad Nadia Nancy Naomi Natalie Nathan Neil Niamh Nicola Nicole Noah Nora Olive Oliver Olivia
    Ollie Omar Oscar Owen Paige Patrick Paul Peter Phoebe Priya Rachel Rebecca Reece Reggie Rhys Riley
    Robert Rory Rosie Ross Ryan Sadie Sam Samantha Samuel Sara Sarah Scarlett Scott Sean Sebastian Shannon
    Sharon Sienna Simon Sofia Sophia Sophie Stacey Stanley Stephen Steven Stuart Susan Tariq Taylor Teddy
    Theo Theodore Thomas Tia Tilly Toby Tom Tommy Tyler Usman Victoria Vincent Wayne William Willow Yasmin
    Yusuf Zach Zachary Zainab Zara Zoe Zayn Dave Sue Jo Tim Kim Mo Raj Ravi Sanjay Anil Deepa Amit Nia Ayo
    Tunde Chidi Kwame Amani Precious Blessing Jayden Dominic Damian Ruth Rachael Mary Margaret Jean Patricia
    """.split()
)
# First names that are also everyday words or months: a name only with a surname, or mid-sentence where
# no date or verb reading fits ("in May", "Will you").
WORD_NAMES = frozenset(
    """
    May June April August Will Grace Hope Faith Joy Rose Summer Autumn Holly Ivy Poppy Daisy Ruby Amber
    Violet Pearl Iris Jade Dawn Eve Rich Mark Bill Frank Pat Penny Robin Sandy Sky Skye Brook Hunter Miles
    Chase Drew Reed Rob Sunny Jack Harmony Destiny Storm River Rain Heath Glen
    """.split()
)
TITLES = (
    "Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Reverend|Father|"
    "Sister|PC|DC|DS|Sgt|Sergeant|Inspector|Coach|Captain|Capt|Head|Headteacher|Mayor|MP"
)
# Capitalised words that end a name rather than continue it ("Jamie Smith" but not "Oakwood Academy").
NOT_SURNAMES = frozenset(
    """
    School Academy College University Primary Secondary High Junior Infant Nursery Club Youth Centre Center
    Hall Library Park Road Street Lane Avenue Close Drive Way Square Court Place Gardens Green Hill Church
    Chapel Council County City Town Village Borough Ltd Limited FC Trust Group Team Camp Fair Festival Fest
    Party Show Day Week Weekend Term Holidays Holiday Night Morning Evening Award Awards Prize Cup League
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Christmas Easter Halloween Bank The And Of On In At To For
    I We You He She They It A An Our My Your His Her Their This That These Those Instagram Bluesky Mastodon
    Facebook TikTok YouTube Snapchat WhatsApp NHS Police
    """.split()
)
_MONTH_CUES = re.compile(
    r"(?:\b(?:in|on|of|this|next|last|early|late|mid|since|until|till|by|from)|\d(?:st|nd|rd|th)?)\s+$",
    re.IGNORECASE,
)
_AFTER_MONTH = re.compile(r"^\s*(?:\d|half\b|term\b|bank\b)", re.IGNORECASE)
_WORD = re.compile(r"[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*")
_TITLED = re.compile(
    rf"\b(?:{TITLES})\.?\s+(?:[A-Z]\.\s*){{0,2}}[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*"
    r"(?:\s+[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*)?"
)
_AGE_AFTER = re.compile(
    r"^(?:,\s*(?:aged?\s+)?(\d{1,2})\s*(?:,|\b)|\s*\((?:aged?\s+)?(\d{1,2})\)|\s+aged?\s+(\d{1,2})\b)",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_YOUNG_WORDS = re.compile(
    r"\b(?:child|children|kids?|young (?:person|people|leaders?|carers?|reporters?|volunteers?|members?|ambassadors?)|"
    r"youngsters?|teens?|teenagers?|pupils?|students?|boys?|girls?|sons?|daughters?|juniors?|under[- ]1[0-8]s?|"
    r"year [1-9]|year 1[0-3]|y[7-9]|y1[0-3]|cubs?|scouts?|brownies|guides|school ?kids?|"
    r"\d{1,2}[- ]years?[- ]old|aged? (?:[4-9]|1[0-7])\b)",
    re.IGNORECASE,
)
_SCHOOL = re.compile(r"\b[A-Z][a-z'\u2019]+(?:\s+[A-Z][a-z'\u2019]+)*\s+(?:School|Academy|Primary|College)\b")


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    span: tuple[int, int]
    young: bool  # their sentence reads as about a young person
    age: int | None = None


def _surname_after(text: str, end: int) -> re.Match | None:
    match = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if match and match.group() not in NOT_SURNAMES and match.group() not in WORD_NAMES:
        return match
    return None


def _age_after(text: str, end: int) -> int | None:
    match = _AGE_AFTER.match(text[end : end + 16])
    if not match:
        return None
    age = int(next(g for g in match.groups() if g))
    return age if 0 < age < 100 else None


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'\u2018\u201c(")
    return not before or before[-1] in ".!?\n:"


def named_people(text: str) -> list[Named]:
    """The people a text names, in order, each once (the first time)."""
    found: list[tuple[str, tuple[int, int], int | None]] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, start: int, end: int, age: int | None) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append((name, (start, end), age))

    titled: set[tuple[int, int]] = set()
    for match in _TITLED.finditer(text):
        end = match.end()
        if possessive := _POSSESSIVE.search(match.group()):  # "Mrs Brown's Boys": Mrs Brown
            end = match.start() + possessive.start()
        titled.add((match.start(), end))
        add(" ".join(text[match.start() : end].split()), match.start(), end, _age_after(text, end))
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        surname = _surname_after(text, end)
        full_end = surname.end() if surname else end
        age = _age_after(text, full_end)
        if age is not None and word not in NOT_SURNAMES or word in FIRST_NAMES and word not in WORD_NAMES:
            add(text[start:full_end], start, full_end, age)
        elif word in WORD_NAMES:
            if surname:
                add(text[start:full_end], start, full_end, age)
            elif not _sentence_start(text, start) and not (
                _MONTH_CUES.search(text, max(0, start - 12), start) or _AFTER_MONTH.match(text, end)
            ):
                add(word, start, end, age)
    found.sort(key=lambda f: f[1])
    sentences = [match.span() for match in _SENTENCE.finditer(text)] if found else []
    about_children = bool(found) and bool(_YOUNG_WORDS.search(text) or _SCHOOL.search(text))
    people: list[Named] = []
    seen: set[str] = set()
    for name, span, age in found:
        first = name.split()[0]
        if name in seen or first in seen and len(name.split()) == 1:
            continue
        seen.add(name)
        seen.add(first)
        sentence = next((text[s:e] for s, e in sentences if s <= span[0] < e), "")
        if age is not None:
            young = age < 18
        elif span in titled:  # Mr, Cllr, Dr: an adult
            young = False
        else:  # a first name in a post about young people may well be one of them
            young = bool(_YOUNG_WORDS.search(sentence) or _SCHOOL.search(sentence)) or about_children
        people.append(Named(name, span, young, age))
    return people


def about_young_people(text: str, people: list[Named] | None = None) -> bool:
    """Does the text speak of children or young people anywhere (an age under 18, a school year, "junior",
    "pupils", a school)? `people`: named_people(text), where the caller has it."""
    if _YOUNG_WORDS.search(text) or _SCHOOL.search(text):
        return True
    people = named_people(text) if people is None else people
    return any(person.age is not None and person.age < 18 for person in people)
