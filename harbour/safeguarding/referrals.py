"""The referral picker: where a concern should go, first things first, with the organisation's own contact
for each (harbour/safeguarding/destinations.py) and why.

The routing follows docs/safeguarding.md: immediate danger is 999 first (every guidance); sexual content
where the sender is or may be an adult is "police or CEOP now", first (rule 2, rule 19, rule 21); nude
images shared by a young person offer Report Remove, for the young person to use themselves, and the IWF
by web address only (rules 4, 5, 22), never "delete"; bullying and impersonation go to the platform and
Report Harmful Content, never CEOP (rule 21); an allegation about staff goes to the LADO within one
working day (rule 14); disclosures, self-harm and radicalisation go to children's social care, the front
door (rule 13). Recording a referral is services.record_referral; this module only suggests.
"""

from dataclasses import dataclass

from harbour.safeguarding.destinations import active_destinations
from harbour.safeguarding.models import Category, Concern, Destination, DestinationKind

Kind = DestinationKind

# Sexual harm where the other person is, or may be, an adult: the police or CEOP, now (rule 2).
SEXUAL_BY_AN_ADULT = frozenset({Category.GROOMING, Category.CSE, Category.SEXUAL_COMMUNICATION})

# What a lead can read to a young person, or say in their own words, to help them use Report Remove
# themselves (docs/safeguarding.md rule 5). It never asks them to delete or send the image: staff must not
# see it, and it may be evidence (rules 1 and 4).
REPORT_REMOVE_SCRIPT = (
    "You have done the right thing by telling us, and you are not in trouble. Childline and the Internet "
    "Watch Foundation run a free service called Report Remove that can get a nude image of you taken down "
    "from the internet and stop it being shared again. You use it yourself, on Childline's website: you "
    "will need a Childline account, and if you are 13 or over it checks your age with an app called Yoti. "
    "Childline will tell you what happens and can talk it through with you at any time on 0800 1111. Please "
    "do not send the image to me or to anyone else: only Report Remove needs it, and only if you choose to "
    "use it. We will keep supporting you whatever you decide."
)


@dataclass(frozen=True)
class Suggestion:
    """One place the concern should go: what to do (`title`), why, the kinds of contact that do it and the
    organisation's own contacts of those kinds (`destinations`: empty when none is configured, which the page
    says, with a link to add one). `urgent` ones come first and are shown as such."""

    key: str
    title: str
    why: str
    kinds: tuple[DestinationKind, ...]
    destinations: tuple[Destination, ...] = ()
    urgent: bool = False
    script: str = ""  # words for the young person (Report Remove)
    report_address: str = ""  # the post's own web address, for a report by address (the IWF)

    @property
    def missing(self) -> tuple[DestinationKind, ...]:
        """The kinds this suggestion needs that the organisation has no contact for."""
        have = {destination.kind for destination in self.destinations}
        return tuple(kind for kind in self.kinds if kind not in have)

    @property
    def missing_labels(self) -> list[tuple[str, str]]:
        return [(kind.value, kind.label) for kind in self.missing]


def _reported_address(concern: Concern) -> str:
    """The post's address on the platform from the first evidence snapshot that has one (http or https
    only): what an IWF report names. Never a media address: the snapshot holds none."""
    for evidence in concern.evidence.all():
        url = str((evidence.snapshot.get("item") or {}).get("url") or "").strip()
        if url.lower().startswith(("https://", "http://")):
            return url
    return ""


def _prevent_contacts(destinations: list[Destination]) -> tuple[Destination, ...]:
    # The model has no Prevent kind: a contact the organisation named for Prevent is one.
    return tuple(d for d in destinations if "prevent" in d.name.lower())


def suggested(concern: Concern, *, adult_involved: bool | None = None) -> list[Suggestion]:
    """Where this concern should go, most urgent first, each with the organisation's active contacts for it.

    `adult_involved` is the lead's answer for nude images (None: not known yet). Unless they have said no
    adult is involved, an adult may be, so "police or CEOP now" comes first (rule 2)."""
    destinations = list(active_destinations(concern.organisation_id))

    def of(*kinds: DestinationKind) -> tuple[Destination, ...]:
        return tuple(d for d in destinations if d.kind in kinds)

    def suggestion(key, title, why, kinds, **extra) -> Suggestion:
        return Suggestion(key, title, why, tuple(kinds), destinations=of(*kinds), **extra)

    category = concern.category
    out: list[Suggestion] = []
    if concern.immediate_danger:
        out.append(
            suggestion(
                "emergency",
                "Call 999 now",
                "A child is in immediate danger: call the police on 999 before anything else, then record it.",
                [Kind.POLICE_EMERGENCY],
                urgent=True,
            )
        )
    adult_may_be_involved = category in SEXUAL_BY_AN_ADULT or (
        category == Category.NUDE_IMAGES and adult_involved is not False
    )
    if adult_may_be_involved:
        why = (
            "Sexual contact with a child by someone who is or may be an adult is child sexual abuse: report it "
            "to the police (999 in immediate danger, otherwise 101) or to CEOP now, not after a review."
        )
        if category == Category.NUDE_IMAGES:
            why += " Unless you know no adult sent, asked for or is sharing the image, treat it as if one may be."
        out.append(
            suggestion("police_or_ceop", "Police or CEOP now", why, [Kind.POLICE, Kind.CEOP], urgent=True)
        )

    if category == Category.NUDE_IMAGES:
        out.append(
            suggestion(
                "report_remove",
                "Help the young person use Report Remove",
                "Report Remove lets a young person under 18 get a nude image of themselves taken down. They "
                "report it themselves: never upload, send or ask for the image, and do not ask them to get rid "
                "of it, as it may be evidence.",
                [Kind.REPORT_REMOVE],
                script=REPORT_REMOVE_SCRIPT,
            )
        )
        out.append(
            suggestion(
                "iwf",
                "Report the web address to the IWF",
                "The Internet Watch Foundation takes reports of child sexual abuse imagery by web address only. "
                "Give the post's address; never attach or describe the image.",
                [Kind.IWF],
                report_address=_reported_address(concern),
            )
        )
        out.append(
            suggestion(
                "front_door",
                "Children's social care, if there are wider concerns",
                "Refer to children's social care if the young person is under 13, was coerced or blackmailed, "
                "the images are extreme, or there are concerns about their safety at home.",
                [Kind.CHILDRENS_SOCIAL_CARE],
            )
        )
    elif category in (Category.GROOMING, Category.SEXUAL_COMMUNICATION):
        out.append(
            suggestion(
                "front_door",
                "Children's social care",
                "A child at risk of sexual abuse is referred to children's social care as well as the police.",
                [Kind.CHILDRENS_SOCIAL_CARE],
            )
        )
    elif category == Category.CSE:
        out.append(
            suggestion(
                "front_door",
                "Children's social care",
                "Child sexual exploitation is child abuse, even when it appears consensual: refer to children's "
                "social care.",
                [Kind.CHILDRENS_SOCIAL_CARE],
            )
        )
        out.append(
            suggestion(
                "exploitation",
                "The local child exploitation service",
                "A specialist service can work with the young person and share what it knows with the police.",
                [Kind.EXPLOITATION_SERVICE],
            )
        )
    elif category == Category.BULLYING:
        out.append(
            suggestion(
                "platform",
                "Report it on the platform",
                "Bullying, impersonation and fake or hacked accounts are reported to the platform first. CEOP "
                "does not take them.",
                [Kind.PLATFORM],
            )
        )
        out.append(
            suggestion(
                "report_harmful_content",
                "Report Harmful Content",
                "If the platform has not acted within 48 hours, Report Harmful Content can help get bullying or "
                "impersonation taken down.",
                [Kind.REPORT_HARMFUL_CONTENT],
            )
        )
    elif category == Category.ALLEGATION:
        out.append(
            suggestion(
                "lado",
                "The LADO, within one working day",
                "An allegation that a member of staff or a volunteer has harmed a child, or may have, goes to the "
                "Local Authority Designated Officer within one working day, before any investigation of your "
                "own. Do not tell the person it is about.",
                [Kind.LADO],
                urgent=True,
            )
        )
    elif category == Category.LOW_LEVEL:
        out.append(
            suggestion(
                "lado",
                "The LADO, if it meets the harm threshold",
                "A low-level concern is recorded and dealt with under your own policy. If it may meet the harm "
                "threshold, or is one of a pattern, ask the LADO.",
                [Kind.LADO],
            )
        )
    elif category in (Category.DISCLOSURE, Category.SELF_HARM, Category.RADICALISATION):
        why = {
            Category.DISCLOSURE: "A child who tells you about abuse or neglect is referred to children's social "
            "care, the front door, without waiting for more proof.",
            Category.SELF_HARM: "A child at risk of harming themselves is referred to children's social care; "
            "in immediate danger, 999 first.",
            Category.RADICALISATION: "A child at risk of radicalisation is referred to children's social care, "
            "and to Prevent.",
        }[category]
        out.append(suggestion("front_door", "Children's social care", why, [Kind.CHILDRENS_SOCIAL_CARE]))
        if category == Category.RADICALISATION:
            prevent = _prevent_contacts(destinations)
            if prevent:
                out.append(
                    Suggestion(
                        "prevent",
                        "Prevent",
                        "Your Prevent contact takes referrals about radicalisation.",
                        tuple(dict.fromkeys(d.kind for d in prevent)),
                        destinations=prevent,
                    )
                )
            else:
                out.append(
                    suggestion(
                        "prevent",
                        "Prevent, through the police or the partnership",
                        "No Prevent contact is listed here: the police on 101 or the safeguarding partnership "
                        "will pass a Prevent referral on. Add your area's Prevent contact (a name with "
                        "“Prevent” in it) to offer it here.",
                        [Kind.POLICE, Kind.PARTNERSHIP],
                    )
                )
    else:  # something else
        out.append(
            suggestion(
                "front_door",
                "Children's social care, if a child may be at risk of harm",
                "If you think a child is at risk of harm, refer to children's social care; the partnership's "
                "procedures say what meets the threshold.",
                [Kind.CHILDRENS_SOCIAL_CARE, Kind.PARTNERSHIP],
            )
        )
        out.append(
            suggestion(
                "platform",
                "Report it on the platform",
                "Impersonation, fake or hacked accounts and harmful posts are reported to the platform.",
                [Kind.PLATFORM],
            )
        )
    return out
