"""Consultations with young people (guidance 3.2, 3.6, 4.3): opinion polls, surveys and discussion boards,
answered on Harbour's own pages (/c/) from a link or a short code, with no account.

Nothing here identifies a young person. One answer per person is kept by a random token in a first-party
cookie (tokens.py), stored only as a keyed hash; the only thing asked about them is an optional age band.
A board post's text is an inbox Item of the consultation's channel (a Channel on the "consultation"
platform), so it is screened at ingest and moderated in the inbox like any comment; a written answer is
screened where it is stored (WrittenAnswer is a ScreenedText).
"""

from django.db import models
from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.accounts.tenancy import OrganisationQuerySet
from harbour.channels.models import Channel
from harbour.inbox.models import Item
from harbour.inbox.screened import ScreenedText


class Kind(models.TextChoices):
    POLL = "poll", "Opinion poll"  # one question, answered in a moment
    SURVEY = "survey", "Survey"  # several questions of any kind
    BOARD = "board", "Discussion board"  # young people post and read each other's posts


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6: public task or legitimate interests, not consent by default (docs/safeguarding.md
    rule 29: consent asks parental verification under 13)."""

    PUBLIC_TASK = "public_task", "Public task"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"
    CONSENT = "consent", "Consent"


class BoardPolicy(models.TextChoices):
    SHOW_UNFLAGGED = "show_unflagged", "Show each post at once unless screening flags it"
    HOLD_ALL = "hold_all", "Hold every post until a moderator has read it"


class AgeBand(models.TextChoices):
    """The only thing a consultation may ask about the person, and only when it needs it."""

    UP_TO_12 = "up_to_12", "12 or under"
    FROM_13_TO_15 = "13_to_15", "13 to 15"
    FROM_16_TO_17 = "16_to_17", "16 or 17"
    FROM_18_TO_25 = "18_to_25", "18 to 25"


class Consultation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    # Where its moderation happens: a channel on the "consultation" platform, with its moderators, rota,
    # disclaimer and readiness like any other channel.
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="consultations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=120)
    # The short code a young person types at /c/ ("K7M2QX"): codes.py, unique across Harbour.
    code = models.CharField(max_length=8, unique=True)
    introduction = models.TextField(blank=True)  # shown to young people above the questions
    # What the answers are for and what will happen to them: the privacy notice's "why we ask".
    purpose = models.TextField(blank=True)
    lawful_basis = models.CharField(
        max_length=24, choices=LawfulBasis.choices, default=LawfulBasis.PUBLIC_TASK
    )
    lawful_basis_note = models.TextField(blank=True)  # why that basis (the task, or the interest weighed)
    asks_age_band = models.BooleanField(default=False)
    board_policy = models.CharField(
        max_length=16, choices=BoardPolicy.choices, default=BoardPolicy.SHOW_UNFLAGGED
    )
    answers_kept_until = models.DateField(null=True, blank=True)  # then answers are deleted (the notice says)
    answers_deleted_at = models.DateTimeField(null=True, blank=True)  # when retention.py deleted them
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # "You said, we did": published back to the young people at /c/<code>/ once closed.
    you_said_we_did = models.TextField(blank=True)
    feedback_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"], name="consultation_org_state")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @property
    def is_open(self) -> bool:
        """Taking answers now: published, not closed, and inside its dates."""
        now = timezone.now()
        return (
            self.state == State.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class QuestionKind(models.TextChoices):
    SINGLE = "single", "One choice"
    MULTIPLE = "multiple", "Several choices"
    SCALE = "scale", "A scale"
    RANKING = "ranking", "Put in order"
    FREE_TEXT = "free_text", "Their own words"
    STATEMENT = "statement", "Agree or disagree with a statement"

    @classmethod
    def quantitative(cls) -> frozenset:
        return frozenset({cls.SINGLE, cls.MULTIPLE, cls.SCALE, cls.RANKING, cls.STATEMENT})


class Question(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=500)
    hint = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)  # optional by default: no one is pushed to answer
    scale_points = models.PositiveSmallIntegerField(default=5)  # SCALE: 1 to scale_points
    scale_low = models.CharField(max_length=60, blank=True)  # SCALE: what 1 means ("Not at all")
    scale_high = models.CharField(max_length=60, blank=True)  # SCALE: what the top means ("Very much")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def audit_label(self) -> str:
        return f"Question {self.position} of {self.consultation.code}"


class Choice(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One person's answers to a poll or survey: at most one per person (token_hash, tokens.py)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    token_hash = models.CharField(max_length=64)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "token_hash"], name="one_response_per_person")
        ]
        indexes = [models.Index(fields=["consultation", "submitted_at"], name="response_by_time")]


class Answer(models.Model):
    """A choice made (SINGLE, MULTIPLE: a row per choice; RANKING: a row per choice with its place in
    `value`, 1 first) or a value given (SCALE: 1 to scale_points; STATEMENT: 1 agree, -1 disagree, 0 pass)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"], name="answer_by_choice")]


class WrittenAnswer(ScreenedText):
    """An answer in the person's own words (FREE_TEXT), screened when stored. One that screening does not
    allow is also put in the inbox of the consultation's channel (`item`, hidden: it is never public), so a
    moderator reads it and a disclosure reaches the safeguarding lead; results never quote it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="written")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="written")
    text = models.TextField()
    item = models.OneToOneField(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class BoardPost(models.Model):
    """A post on a discussion board. Its text, screening and moderation are its inbox Item's: it is on the
    board while moderation.services.is_hidden(item) is False (a post screening flags, or every post under
    BoardPolicy.HOLD_ALL, arrives hidden until a moderator shows it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="posts")
    item = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="board_post")
    poster_hash = models.CharField(max_length=64)  # tokens.token_hash: the poster sees their own held posts
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "-created_at"], name="post_by_time")]


class ComplaintKind(models.TextChoices):
    REPORT = "report", "A report about a post"  # the report button under each post
    PROBLEM = "problem", "A problem with a page"  # "Report a problem" on every public page
    APPEAL = "appeal", "An appeal about a held or removed post"  # from the person whose post it is


class ComplaintState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Complaint(ScreenedText):
    """A report, problem or appeal from a young person, with no account (the Online Safety Act's reporting
    and complaints routes: docs/safeguarding.md, rules 23 to 25). Screened, since a report can be a disclosure."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    objects = OrganisationQuerySet.as_manager()
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="complaints"
    )
    post = models.ForeignKey(
        BoardPost, null=True, blank=True, on_delete=models.CASCADE, related_name="complaints"
    )
    kind = models.CharField(max_length=8, choices=ComplaintKind.choices)
    reason = models.CharField(max_length=30, blank=True)  # a choice the form offers (complaints.py)
    text = models.TextField(blank=True)
    page = models.CharField(max_length=200, blank=True)  # which public page it came from (a path)
    reporter_hash = models.CharField(max_length=64, blank=True)  # tokens.token_hash: to tell them the outcome
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=ComplaintState.choices, default=ComplaintState.OPEN)
    outcome = models.CharField(max_length=30, blank=True)
    outcome_note = models.TextField(blank=True)  # shown to the young person: plain and kind
    decided_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state", "-created_at"], name="complaint_queue")]

    def audit_label(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
