"""The check panel's checks (guidance 3.6, 4.1, 4.2, 4.3, 6): a table per check of what fires and what
does not, written before the checks. Plain data in (a Draft), plain data out (Checks): no database."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.publishing.checks import blocking, run_checks
from harbour.publishing.draft import ChannelFacts, Draft, ImageFacts, Status

BLUESKY = ChannelFacts(
    id=1,
    name="Hub on Bluesky",
    platform="bluesky",
    contact=("01332 123456", "hello@youthclub.org.uk", "https://youthclub.org.uk/contact"),
)
MASTODON = ChannelFacts(id=2, name="Hub on Mastodon", platform="mastodon")
PLAIN = "Camp is on Monday. Bring a coat and a packed lunch. What would you like to do there?"
GOOD_ALT = "Six young people in waterproofs paddle two red canoes on a calm lake."


def draft(text=PLAIN, *, channels=(BLUESKY,), images=(), variants=None, target=11, title="Camp"):
    return Draft(
        title=title,
        text=text,
        channels=tuple(channels),
        variants=variants or {},
        images=tuple(images),
        reading_age_target=target,
    )


def image(alt=GOOD_ALT, *, shows="nobody", source="own", licence="", name="Image 1: camp.jpg"):
    return ImageFacts(
        alt_text=alt,
        shows=shows,
        source=source,
        licence=licence,
        mime_type="image/jpeg",
        name=name,
    )


def the(checks, key, channel_id=None):
    found = [c for c in checks if c.key == key and c.channel_id == channel_id]
    assert len(found) == 1, (key, channel_id, [(c.key, c.channel_id) for c in checks])
    return found[0]


def status(text_or_draft, key, channel_id=None, **kwargs):
    d = text_or_draft if isinstance(text_or_draft, Draft) else draft(text_or_draft, **kwargs)
    return the(run_checks(d), key, channel_id).status


# --- every check is a sentence or two a person can act on ---------------------------------------------


def test_every_check_says_what_it_found_in_one_sentence_and_what_to_change():
    d = draft(
        "Well done Jamie Smith, 14, of Oakwood Academy! Call him on 07700 900123. That was shit, innit. "
        "Don't you agree the new park is better? Cllr J. Patel lied about the budget.",
        images=[image("IMG_0042.jpg", shows="young_people", source="unknown")],
    )
    checks = run_checks(d)
    for check in checks:
        assert check.summary and check.summary.strip() == check.summary, check
        assert check.summary[-1] in ".?!", check
        assert check.label, check
        if check.status != Status.OK:
            assert check.advice, f"{check.key} says nothing about what to change"
            assert all(a.strip() and a.strip()[-1] in ".?!" for a in check.advice), check
        for start, end in check.spans:
            assert 0 <= start < end <= len(d.text), check
    keys = {c.key for c in checks}
    assert keys >= {
        "reading_age",
        "language",
        "personal_info",
        "named_people",
        "leading",
        "invites_response",
        "libel",
        "images_people",
        "alt_text",
        "media_licence",
        "likeness",
        "platform_limits",
    }


def test_the_order_is_stable_and_the_whole_post_comes_before_each_channel():
    d = draft(channels=(BLUESKY, MASTODON), variants={2: "Camp is on Monday, innit."}, images=[image()])
    first = [(c.key, c.channel_id) for c in run_checks(d)]
    assert first == [(c.key, c.channel_id) for c in run_checks(d)]
    whole = [i for i, (_, channel) in enumerate(first) if channel is None]
    per_channel = [i for i, (_, channel) in enumerate(first) if channel is not None]
    assert max(whole) < min(per_channel)


# --- reading age (4.1: plain English, CYP friendly) ----------------------------------------------------

HARD = (
    "In order to utilise the facilities, stakeholders should endeavour to facilitate communication with "
    "the management committee regarding the implementation of the organisational safeguarding procedures."
)
MIDDLE = (
    "The youth council meets every month to talk about local services. Members vote on projects and "
    "report back to the council about what young people want."
)


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        (HARD, 11, Status.ADVICE),
        (HARD, 16, Status.ADVICE),  # jargon is worth swapping at any age
        (MIDDLE, 8, Status.ADVICE),  # the organisation's target, not a fixed one
        (MIDDLE, 14, Status.OK),
        (PLAIN, 11, Status.OK),
        ("Camp!", 11, Status.OK),  # too short to measure
        ("", 11, Status.OK),
    ],
)
def test_reading_age(text, target, expected):
    assert status(text, "reading_age", target=target) == expected


def test_reading_age_asks_for_the_organisations_target_and_names_a_plainer_word():
    check = the(run_checks(draft(HARD, target=9)), "reading_age")
    said = " ".join((check.summary, *check.advice))
    assert "9" in said
    assert "'utilise' → 'use'" in said
    assert check.spans


# --- foul language and slang (4.1) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That was shit.", Status.ADVICE),
        ("Camp was sick, innit bruv.", Status.ADVICE),
        ("You lot are all idiots.", Status.ADVICE),
        ("The f*cking bus was late.", Status.ADVICE),
        ("Stay safe online: never send nudes, and tell someone if you are asked.", Status.ADVICE),
        ("Calling someone a slag is not ok. If it happens, tell a youth worker.", Status.OK),  # challenged
        ('The word "retard" is a slur and we do not accept it here.', Status.OK),
        ("We had a great day out in Scunthorpe.", Status.OK),
        ("Cocktail-free mocktails at the party!", Status.OK),
        (PLAIN, Status.OK),
    ],
)
def test_language(text, expected):
    assert status(text, "language") == expected


def test_a_safety_post_is_asked_to_check_its_words_not_told_to_take_them_out():
    check = the(
        run_checks(draft("Stay safe online: never send nudes, and tell someone if you are asked.")),
        "language",
    )
    assert check.summary.startswith("Has words that may not suit young readers")
    assert all("suits a young audience" in a for a in check.advice)


def test_language_names_the_words():
    check = the(run_checks(draft("Camp was sick, innit bruv.")), "language")
    said = " ".join((check.summary, *check.advice))
    assert "innit" in said and "bruv" in said
    assert len(check.spans) == 2


# --- personal information (3.6, 5.3): blocks when it is about a child ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a young person's contact details, address, date of birth, school with their name
        ("Well done Jamie Smith, 14, of our junior group! Call him on 07700 900123.", Status.BLOCKS),
        ("Happy birthday to Lily, born 3 May 2012, from our junior group!", Status.BLOCKS),
        ("Our young leader Sam lives at 12 Elm Road, Derby DE1 2AB.", Status.BLOCKS),
        ("Jamie Smith, 14, goes to Oakwood Academy and loves football.", Status.BLOCKS),
        ("Sam is in Year 9 at St Mary's School and was the star of the show.", Status.BLOCKS),
        ("Email our young reporter Mia on mia.jones@gmail.com with your stories.", Status.BLOCKS),
        ("Well done to Jamie, 14! Follow his art on Instagram @jamie_smith_09.", Status.BLOCKS),
        ("Our young reporter Mia (@mia.writes) wrote this week's blog.", Status.BLOCKS),
        ("Thanks to @derbycouncil and @hub.youth for the grant. What should we buy?", Status.OK),
        ("Email hello@youthclub.org.uk if your child, 12, wants a place.", Status.OK),  # the channel's own
        # personal information, but not about a child: advice
        ("Parents: call Sarah, our youth worker, on 07700 900456 to book your child's place.", Status.ADVICE),
        ("For lifts, ring our coach Dave on 07700 900456. Juniors train at 6pm.", Status.ADVICE),
        ("Young people can call the helpline on 01332 765432, free, any time.", Status.ADVICE),
        ("Mr Ahmed teaches at Oakwood Academy, where our juniors train.", Status.ADVICE),
        ("For tickets call Dave on 07700 900456.", Status.ADVICE),
        ("The office number is 01332 765432.", Status.ADVICE),
        ("Meet us at the bus stop on Elm Road at 7pm.", Status.ADVICE),
        ("Camp is at Oakwood Academy this year, for young people aged 11 to 16.", Status.ADVICE),
        # the channel's own published contact details are not personal information
        (
            "Questions? Call us on 01332 123456 or email hello@youthclub.org.uk. For young people aged 11-16.",
            Status.OK,
        ),
        ("Any questions from young people? Ring 01332 123 456.", Status.OK),
        ("Questions? Email Hello@YouthClub.org.uk.", Status.OK),
        ("Questions? Write to events@youthclub.org.uk.", Status.OK),  # the organisation's own domain
        (PLAIN, Status.OK),
    ],
)
def test_personal_info(text, expected):
    assert status(text, "personal_info") == expected


def test_personal_info_about_a_child_stops_submission_and_says_what_to_remove():
    checks = run_checks(draft("Well done Jamie, 14! Call him on 07700 900123."))
    check = the(checks, "personal_info")
    assert check in blocking(checks)
    said = " ".join((check.summary, *check.advice))
    assert "phone number" in said
    assert any(check.spans)


def test_another_channels_contact_is_personal_information_on_this_one():
    text = "Questions? Call us on 01332 123456."
    d = draft(text, channels=(MASTODON,))
    assert the(run_checks(d), "personal_info").status == Status.ADVICE


# --- named people (3.6; the consent register, issue 21, will check them) -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Well done to Jamie Smith for the art prize!", Status.ADVICE),
        ("Thanks to Cllr Patel for visiting the hub.", Status.ADVICE),
        ("Congratulations Aisha on passing your exams!", Status.ADVICE),
        ("Kai-Leigh (13) scored twice!", Status.ADVICE),
        ("Big thanks to Dr. R. Khan for the first aid course.", Status.ADVICE),
        ("The youth club opens on Monday 4 May.", Status.OK),
        ("Derby County played at Pride Park on Saturday.", Status.OK),
        ("Summer Camp is back in June!", Status.OK),
        ("Will you come along? Grace periods apply to late forms.", Status.OK),
        ("The Youth Council met at the Guildhall.", Status.OK),
        (PLAIN, Status.OK),
    ],
)
def test_named_people(text, expected):
    assert status(text, "named_people") == expected


def test_a_named_young_person_needs_consent_but_never_blocks_today():
    check = the(run_checks(draft("Well done to Lily, 12, who won the junior race!")), "named_people")
    assert check.status == Status.ADVICE
    said = " ".join((check.summary, *check.advice))
    assert "Lily" in said
    assert "consent" in said
    adult = the(run_checks(draft("Thanks to Cllr Patel for visiting the hub.")), "named_people")
    assert "Cllr Patel" in adult.summary


def test_a_first_name_in_a_post_about_young_people_reads_as_one_of_them():
    check = the(
        run_checks(draft("Our junior football team played at Moor Lane. Ellie scored the winner!")),
        "named_people",
    )
    assert "\u2068Ellie\u2069 may be a young person" in check.advice[0]
    titled = the(run_checks(draft("Our junior team thanks Mr Ahmed, who coached them.")), "named_people")
    assert titled.advice == ("Name \u2068Mr Ahmed\u2069 only if they agreed to be named in this post.",)


def test_a_possessive_ends_a_name():
    check = the(run_checks(draft("Mrs Brown's class painted the mural.")), "named_people")
    assert check.summary == "Names \u2068Mrs Brown\u2069."


# --- images of people (6.4) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shows", "expected"),
    [("nobody", Status.OK), ("adults", Status.ADVICE), ("young_people", Status.ADVICE)],
)
def test_images_people(shows, expected):
    """Advice only: the consent register's gate (harbour/consent/gate.py, tests/consent/test_media_gate.py)
    is what blocks, from who is tagged in the asset; a draft outside any organisation has no register."""
    checks = run_checks(draft(images=[image(shows=shows)]))
    assert the(checks, "images_people").status == expected
    assert not [c for c in blocking(checks) if c.key == "consent"]


def test_no_images_no_image_checks():
    keys = {c.key for c in run_checks(draft())}
    assert keys.isdisjoint({"images_people", "alt_text", "media_licence"})


# --- leading or persuasive wording (4.1, 4.3) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Don't you agree the new park is better than the old one?", Status.ADVICE),
        ("Surely everyone wants the club to open on Sundays?", Status.ADVICE),
        ("How much do you love the new skate park?", Status.ADVICE),
        ("What do you think of the new park?", Status.OK),
        ("Would you like to come to our camp?", Status.OK),
        ("We had a brilliant time at camp.", Status.OK),
    ],
)
def test_leading(text, expected):
    assert status(text, "leading") == expected


# --- does it invite a response? (4.2) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The youth club is closed on Monday.", Status.ADVICE),
        ("Did you know the library lends laptops?", Status.ADVICE),
        ("The youth club is closed on Monday. What should we do on Tuesday instead?", Status.OK),
        ("Tell us your ideas for the summer.", Status.OK),
    ],
)
def test_invites_response(text, expected):
    assert status(text, "invites_response") == expected


def test_one_way_advice_suggests_a_question():
    check = the(run_checks(draft("The youth club is closed on Monday.")), "invites_response")
    assert "question" in " ".join(check.advice).lower()


# --- how alike the channel's recent posts (4.1: varied and interesting) --------------------------------

RECENT = (
    "Youth club is open on Friday from 6pm to 9pm. Come along for pool, games and toast!",
    "Our art workshop made a mural for the park. Thanks to everyone who painted.",
)


@pytest.mark.parametrize(
    ("text", "recent", "expected"),
    [
        (
            "Youth club is open on Friday from 6pm to 9pm. Come along for pool, games and pizza!",
            RECENT,
            Status.ADVICE,
        ),
        (
            "YOUTH CLUB is open Friday, 6pm to 9pm: come along for games, pool and toast.",
            RECENT,
            Status.ADVICE,
        ),
        (
            "Camp is on Monday. Bring a coat and a packed lunch. What would you like to do there?",
            RECENT,
            Status.OK,
        ),
        ("Youth club is closed on Friday for the bank holiday.", RECENT, Status.OK),  # same topic, new news
        (PLAIN, (), Status.OK),  # nothing to compare with
    ],
)
def test_likeness(text, recent, expected):
    channel = ChannelFacts(id=1, name="Hub on Bluesky", platform="bluesky", recent_posts=recent)
    assert status(text, "likeness", channel_id=1, channels=(channel,)) == expected


def test_likeness_says_which_post_it_resembles():
    channel = ChannelFacts(id=1, name="Hub on Bluesky", platform="bluesky", recent_posts=RECENT)
    text = "Youth club is open on Friday from 6pm to 9pm. Come along for pool, games and pizza!"
    check = the(run_checks(draft(text, channels=(channel,))), "likeness", 1)
    assert "Youth club is open on Friday" in " ".join((check.summary, *check.advice))


def test_posts_that_all_start_the_same_way_are_advised_to_vary():
    channel = ChannelFacts(
        id=1,
        name="Hub on Bluesky",
        platform="bluesky",
        recent_posts=(
            "Don't forget the disco on Friday night.",
            "Don't forget your permission slips for the trip.",
            "Don't forget: the hub is shut on Monday.",
        ),
    )
    check = the(
        run_checks(draft("Don't forget to bring a packed lunch to camp.", channels=(channel,))), "likeness", 1
    )
    assert check.status == Status.ADVICE
    assert "start" in " ".join((check.summary, *check.advice)).lower()


# --- libel (6.2) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cllr J. Patel lied about the budget.", Status.ADVICE),
        ("Oakwood Motors Ltd fiddled the books.", Status.ADVICE),
        ("Cllr J. Patel opened the new skate park.", Status.OK),
        ("The play stole the show.", Status.OK),
    ],
)
def test_libel(text, expected):
    assert status(text, "libel") == expected


# --- media without a recorded licence or permission (6.3) ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "licence", "expected"),
    [
        ("unknown", "", Status.BLOCKS),
        ("unknown", "found it on Google", Status.BLOCKS),
        ("creative_commons", "", Status.BLOCKS),
        ("licensed", "  ", Status.BLOCKS),
        ("permission", "", Status.BLOCKS),
        ("creative_commons", "CC BY 4.0, photo by A. Jones", Status.OK),
        ("licensed", "Shutterstock standard licence, order 12345", Status.OK),
        ("permission", "Email from the photographer, 2 March", Status.OK),
        ("own", "", Status.OK),
    ],
)
def test_media_licence(source, licence, expected):
    checks = run_checks(draft(images=[image(source=source, licence=licence)]))
    check = the(checks, "media_licence")
    assert check.status == expected
    if expected == Status.BLOCKS:
        assert "cannot be posted without a recorded licence or permission" in check.summary
        assert check in blocking(checks)


# --- alt text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alt", "expected"),
    [
        ("", Status.BLOCKS),
        ("   ", Status.BLOCKS),
        ("IMG_0042.jpg", Status.ADVICE),
        ("camp.jpg", Status.ADVICE),  # the file's own name
        ("DSC01234", Status.ADVICE),
        ("photo", Status.ADVICE),
        ("Kids", Status.ADVICE),
        ("Image of six young people paddling canoes on a lake.", Status.ADVICE),  # screen readers say it
        (GOOD_ALT * 8, Status.ADVICE),  # over 500 characters
        (GOOD_ALT, Status.OK),
        ("Poster: Summer camp, 4 to 8 August, ages 11 to 16, book at the hub.", Status.OK),
    ],
)
def test_alt_text(alt, expected):
    assert the(run_checks(draft(images=[image(alt)])), "alt_text").status == expected


def test_alt_text_names_each_image_that_needs_better():
    checks = run_checks(draft(images=[image(), image("photo", name="Image 2: disco.png")]))
    check = the(checks, "alt_text")
    assert "Image 2" in " ".join((check.summary, *check.advice))
    assert "Image 1" not in " ".join((check.summary, *check.advice))


# --- each channel's own text ---------------------------------------------------------------------------


def test_a_channels_own_text_is_checked_as_well():
    d = draft(
        channels=(BLUESKY, MASTODON),
        variants={2: "Camp is on Monday, innit. Call Jamie, 14, on 07700 900123."},
    )
    checks = run_checks(d)
    assert the(checks, "language").status == Status.OK
    assert the(checks, "language", 2).status == Status.ADVICE
    assert the(checks, "personal_info", 2).status == Status.BLOCKS
    assert the(checks, "invites_response", 2).status == Status.ADVICE
    assert blocking(checks)
    # the channel that uses the post's own text is not checked twice
    assert not [c for c in checks if c.channel_id == 1 and c.key == "language"]


def test_a_variant_equal_to_the_post_is_not_checked_again():
    d = draft(channels=(BLUESKY, MASTODON), variants={2: PLAIN})
    assert not [c for c in run_checks(d) if c.channel_id == 2 and c.key == "language"]


# --- typing: a text that did not change is not screened again (its speed: bench/publishing_checks.py) ---


def test_a_text_that_did_not_change_is_not_screened_again():
    channels = (BLUESKY, MASTODON)
    own = "Camp is on Monday, innit. What would you like to do?"
    first = run_checks(draft("Camp is on Monday. Bring a coat.", channels=channels, variants={2: own}))
    second = run_checks(draft("Camp is on Monday. Bring a coat!", channels=channels, variants={2: own}))
    assert the(first, "language", 2) is the(second, "language", 2)  # kept
    assert the(first, "invites_response") is not the(second, "invites_response")
    other_target = run_checks(
        draft("Camp is on Monday. Bring a coat!", channels=channels, variants={2: own}, target=9)
    )
    assert the(other_target, "reading_age", 2) is not the(second, "reading_age", 2)


# --- nothing typed breaks the panel --------------------------------------------------------------------


PIECES = [*"aAbBjJ mM?!.,'’()0123456789@:/-\n", "Jamie", "Mr ", " 14", "Year 9", "tell us", "http://x.y/?q"]
PIECES += ["May", "\u202e", "é", "😀", "07700 900123", " DE1 2AB", "shit", "Academy", "Cllr J. Patel lied"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(PIECES), max_size=80).map("".join), variant=st.text(max_size=50))
def test_any_text_gives_checks_with_spans_inside_it(text, variant):
    d = draft(text, channels=(BLUESKY, MASTODON), variants={2: variant}, images=[image(text[:40])])
    for check in run_checks(d):
        assert check.summary and check.status in Status
        read = (
            variant if check.channel_id == 2 and variant.strip() and variant.strip() != text.strip() else text
        )
        for start, end in check.spans:
            assert 0 <= start < end <= len(read), (check, read)


# --- typed text cannot turn a sentence round -----------------------------------------------------------

RLO = "\u202e"


def outside_isolates(sentence: str) -> str:
    """The sentence without what lies between FSI and its PDI (harbour/lib/bidi.py's isolate)."""
    out, depth = [], 0
    for char in sentence:
        if char == "\u2068":
            depth += 1
        elif char == "\u2069":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def test_typed_text_in_a_checks_sentences_is_isolated():
    typed = f"Jamie{RLO}xyz"
    channel = ChannelFacts(
        id=1,
        name=f"Hub{RLO}evil",
        platform="bluesky",
        recent_posts=(f"Don't forget {RLO}the disco on Friday.", f"Don't forget {RLO}your slips."),
    )
    text = (
        f"Don't forget: well done {typed}, 14, from our junior group! Call him on 07700 900123. "
        f"That was sh{RLO}it, innit. Don't you agree{RLO} it is better? Cllr J. Patel{RLO} lied about it."
    )
    d = draft(
        text,
        channels=(channel,),
        variants={1: f"{RLO}Camp is on Monday, innit{RLO}."},
        images=[
            image(f"IMG_{RLO}1.jpg", shows="young_people", source="unknown", name=f"Image 1: {RLO}x.jpg")
        ],
    )
    checks = run_checks(d)
    assert len(checks) > 10
    for check in checks:
        for sentence in (check.label, check.summary, *check.advice):
            assert RLO not in outside_isolates(sentence), (check.key, sentence)
