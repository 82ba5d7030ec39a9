"""The consent register's pages: the people list, a person's page, adding and changing people, linking
parents and carers, recording and withdrawing consent with its evidence, never-publish flags, groups and
consent requests. Every change goes through harbour.consent.services or harbour.consent.requests, which
check again who may make it."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from harbour.accounts import uploads
from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.audit.services import record
from harbour.channels.models import Channel
from harbour.consent import requests, services
from harbour.consent.forms import (
    ConsentForm,
    FilterForm,
    GroupForm,
    LiftForm,
    NeverPublishForm,
    NewGuardianForm,
    PersonForm,
    PickGuardianForm,
    RequestForm,
    SafeguardingRecordForm,
    WithdrawForm,
)
from harbour.consent.models import (
    ConsentEvidence,
    ConsentRecord,
    ConsentRequest,
    Decision,
    Group,
    Guardianship,
    NeverPublish,
    Person,
    PersonKind,
    PublishedUse,
    Takedown,
    Use,
)
from harbour.consent.rules import Outcome, standing, standings
from harbour.lib.bidi import isolate
from harbour.safeguarding.models import YoungPerson

PER_PAGE = 50
SUMMARY_USES = (Use.PHOTO, Use.FIRST_NAME)
OUTCOME_TAGS = {
    Outcome.OK: ("In force", "govuk-tag--green"),
    Outcome.MISSING: ("Missing", "govuk-tag--yellow"),
    Outcome.REFUSED: ("Refused", "govuk-tag--red"),
    Outcome.WITHDRAWN: ("Withdrawn", "govuk-tag--red"),
    Outcome.EXPIRED: ("Expired", "govuk-tag--grey"),
    Outcome.NEVER_PUBLISH: ("Do not publish", "govuk-tag--red"),
}


@dataclass(frozen=True)
class Line:
    """One use's standing on every channel, for the list and a person's page."""

    use: str
    label: str
    tag: str
    tag_class: str
    missing: str  # "the young person's and a parent's or carer's", or ""

    @classmethod
    def of(cls, person: Person, use: str, day) -> "Line":
        return cls.of_standing(standing(person, use, None, day))

    @classmethod
    def of_standing(cls, result) -> "Line":
        tag, tag_class = OUTCOME_TAGS[result.outcome]
        return cls(result.use, Use(result.use).label, tag, tag_class, " and ".join(result.missing))

    @classmethod
    def none_recorded(cls, use: str) -> "Line":
        """A parent or another adult with no consent record at all: rarely the subject of a post, so not
        shown as something missing."""
        return cls(use, Use(use).label, "None recorded", "govuk-tag--grey", "")


def consent_state(consent: ConsentRecord, day) -> tuple[str, str]:
    """(words, tag class) for one consent record on `day`."""
    if consent.decision == Decision.REFUSED:
        return "Refused", "govuk-tag--red"
    if consent.withdrawn_at is not None:
        return "Withdrawn", "govuk-tag--red"
    if consent.expires is not None and consent.expires < day:
        return "Expired", "govuk-tag--grey"
    if consent.starts > day:
        return "Not started", "govuk-tag--blue"
    return "In force", "govuk-tag--green"


def _people(request):
    return Person.objects.for_org(request.organisation).filter(erased_at__isnull=True)


def _person(request, pk) -> Person:
    return get_object_for_org(Person.objects.filter(erased_at__isnull=True), request, pk=pk)


def _posted(request):
    """The POST data, even when empty (an empty form must be checked, not shown afresh), or None on GET."""
    return request.POST if request.method == "POST" else None


def _render(request, template: str, context: dict, *forms):
    failed = any(form is not None and form.errors for form in forms)
    return render(request, template, context, status=400 if failed else 200)


def _refused(form, error: NotAllowed) -> None:
    form.add_error(None, str(error))


def _groups(request):
    return list(Group.objects.for_org(request.organisation))


def _channels(request):
    return list(Channel.objects.filter(organisation=request.organisation).order_by("display_name", "pk"))


def _person_url(person: Person, anchor: str = "") -> str:
    return reverse("consent:person", args=[person.pk]) + (f"#{anchor}" if anchor else "")


@member_required(Capability.VIEW_CONSENT)
def index(request):
    groups = _groups(request)
    filters = FilterForm(request.GET or None, groups=groups)
    people = _people(request).prefetch_related("groups")
    if filters.is_valid():
        data = filters.cleaned_data
        for word in data["q"].split():
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        if data["kind"]:
            people = people.filter(kind=data["kind"])
        if data["group"]:
            people = people.filter(groups__pk=data["group"])
    page = Paginator(people.distinct(), PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    on_page = list(page.object_list)
    known = standings(on_page, SUMMARY_USES, None, today)  # a fixed number of queries, whatever the page
    with_records = set(
        ConsentRecord.objects.filter(person__in=on_page).values_list("person_id", flat=True).distinct()
    )
    rows = []
    for person in on_page:
        never = known[person.pk, SUMMARY_USES[0]].outcome == Outcome.NEVER_PUBLISH
        quiet = person.kind != PersonKind.YOUNG_PERSON and person.pk not in with_records
        rows.append(
            {
                "person": person,
                "lines": [
                    Line.none_recorded(use)
                    if quiet and not never
                    else Line.of_standing(known[person.pk, use])
                    for use in SUMMARY_USES
                ],
                "never_publish": never,
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consent/index.html",
        {"page": page, "rows": rows, "filters": filters, "query": query.urlencode(), "groups": groups},
    )


@member_required(Capability.MANAGE_CONSENT)
def person_add(request):
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in PersonKind.values else {}
    form = PersonForm(_posted(request), initial=initial, groups=_groups(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_person(
                request.organisation,
                by=request.membership,
                groups=form.chosen_groups(),
                **form.person_fields(),
            )
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, f"{isolate(person.full_name)} is added to the register.")
            return redirect(_person_url(person))
    return _render(request, "consent/person_form.html", {"form": form}, form)


@member_required(Capability.MANAGE_CONSENT)
def person_change(request, pk):
    person = _person(request, pk)
    form = PersonForm(_posted(request), initial=PersonForm.initial_for(person), groups=_groups(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_person(
                person, by=request.membership, groups=form.chosen_groups(), **form.person_fields()
            )
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, "Their details are changed.")
            return redirect(_person_url(person))
    return _render(request, "consent/person_form.html", {"form": form, "person": person}, form)


@member_required(Capability.VIEW_CONSENT)
def person(request, pk):
    person = _person(request, pk)
    today = timezone.localdate()
    membership = request.membership
    flag = person.never_publish.filter(lifted_at__isnull=True).first()
    consents = list(
        person.consents.select_related("given_by", "evidence", "recorded_by__user").prefetch_related(
            "channels"
        )
    )
    publication_ids = PublishedUse.objects.filter(person=person).values("publication_id")
    published = (
        PublishedUse.objects.filter(person=person)
        .select_related("publication__channel", "publication__post", "asset")
        .order_by("-recorded_at", "-pk")
    )
    context = {
        "person": person,
        "today": today,
        "flag": flag,
        "sees_reason": membership.can(Capability.SET_NEVER_PUBLISH),
        "keeps": membership.can(Capability.MANAGE_CONSENT),
        "lines": [Line.of(person, use, today) for use in Use],
        "channel_only": any(not c.all_channels and c.decision == Decision.GIVEN for c in consents),
        "consents": [(consent, *consent_state(consent, today)) for consent in consents],
        "guardians": person.guardianships.select_related("guardian").order_by("guardian__first_name"),
        "wards": person.wards.select_related("child").order_by("child__first_name"),
        "requests": person.consent_requests.select_related("sent_to", "created_by__user"),
        "published": published,
        "takedowns": Takedown.objects.filter(Q(person=person) | Q(publication_id__in=publication_ids))
        .select_related("publication__channel")
        .distinct(),
        "is_young": person.kind == PersonKind.YOUNG_PERSON,
        "is_lead": membership.can(Capability.HANDLE_CONCERNS),
        "under_18": person.is_under_18(today),
        "age": person.age_on(today),
    }
    return render(request, "consent/person.html", context)


def _guardian_choices(request, child: Person) -> list[tuple[str, str]]:
    linked = child.guardianships.values("guardian_id")
    parents = _people(request).filter(kind=PersonKind.PARENT).exclude(pk__in=linked)
    return [(str(parent.pk), parent.full_name) for parent in parents]


@member_required(Capability.MANAGE_CONSENT)
def guardian_add(request, pk):
    """Link a parent or carer: one from the register, or a new one added on the way."""
    child = _person(request, pk)
    if child.kind != PersonKind.YOUNG_PERSON:
        raise Http404("Parents and carers are linked to young people")
    action = request.POST.get("action") if request.method == "POST" else None
    pick = PickGuardianForm(
        request.POST if action == "pick" else None, prefix="pick", choices=_guardian_choices(request, child)
    )
    new = NewGuardianForm(request.POST if action == "new" else None, prefix="new")
    if action == "pick" and pick.is_valid():
        guardian = _person(request, pick.cleaned_data["guardian"])
        try:
            services.link_guardian(
                child, guardian, by=request.membership, relationship=pick.cleaned_data["relationship"]
            )
        except NotAllowed as error:
            _refused(pick, error)
        else:
            messages.success(request, f"{isolate(guardian.full_name)} is linked as a parent or carer.")
            return redirect(_person_url(child, "family"))
    elif action == "new" and new.is_valid():
        data = new.cleaned_data
        try:
            guardian = services.add_person(
                request.organisation,
                by=request.membership,
                kind=PersonKind.PARENT,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
            )
            services.link_guardian(child, guardian, by=request.membership, relationship=data["relationship"])
        except NotAllowed as error:
            _refused(new, error)
        else:
            messages.success(
                request, f"{isolate(guardian.full_name)} is added and linked as a parent or carer."
            )
            return redirect(_person_url(child, "family"))
    return _render(
        request, "consent/guardian_form.html", {"person": child, "pick": pick, "new": new}, pick, new
    )


@member_required(Capability.MANAGE_CONSENT)
@require_POST
def guardian_remove(request, pk):
    link = get_object_for_org(Guardianship.objects.select_related("child", "guardian"), request, pk=pk)
    try:
        services.unlink_guardian(link, by=request.membership)
    except NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{isolate(link.guardian.full_name)} is no longer linked.")
    return redirect(_person_url(link.child, "family"))


def _givers(person: Person) -> list[tuple[Person, str]]:
    themselves = (
        "The young person themselves" if person.kind == PersonKind.YOUNG_PERSON else "They themselves"
    )
    givers = [(person, f"{person.full_name} ({themselves.lower()})")]
    for link in person.guardianships.select_related("guardian").order_by("guardian__first_name"):
        relationship = link.relationship or "parent or carer"
        givers.append((link.guardian, f"{link.guardian.full_name} ({relationship})"))
    return givers


@member_required(Capability.MANAGE_CONSENT)
def consent_add(request, pk):
    person = _person(request, pk)
    givers = _givers(person)
    form = ConsentForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        initial={"starts": timezone.localdate(), "given_by": str(person.pk), "scope": "all"},
        givers=givers,
        channels=_channels(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                person,
                by=request.membership,
                given_by=form.givers[data["given_by"]],
                decisions=form.decisions(),
                starts=data["starts"],
                expires=data["expires"],
                channels=form.chosen_channels(),
                evidence_kind=data["evidence_kind"],
                upload=data["upload"],
                signature=data["signature"],
                signed_name=data["signed_name"],
            )
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, "The consent is recorded.")
            return redirect(_person_url(person, "consents"))
    context = {
        "person": person,
        "form": form,
        "no_guardian": person.kind == PersonKind.YOUNG_PERSON and len(givers) == 1,
    }
    return _render(request, "consent/consent_form.html", context, form)


@member_required(Capability.MANAGE_CONSENT)
def consent_withdraw(request, pk):
    consent = get_object_for_org(
        ConsentRecord.objects.select_related("person", "given_by"),
        request,
        pk=pk,
        person__erased_at__isnull=True,
    )
    form = WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(consent, by=request.membership, note=form.cleaned_data["note"])
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                "The consent is withdrawn. Any live post that relied on it is listed for taking down.",
            )
            return redirect(_person_url(consent.person, "consents"))
    state = consent_state(consent, timezone.localdate())
    return _render(request, "consent/withdraw.html", {"consent": consent, "form": form, "state": state}, form)


def _evidence(request, pk) -> ConsentEvidence:
    return get_object_for_org(ConsentEvidence.objects.all(), request, pk=pk)


def _opened(request, item: ConsentEvidence, what: str) -> None:
    """Who opened which evidence, and when: it holds a parent's or young person's signature and details."""
    record(
        "consent.evidence_opened",
        organisation=request.organisation,
        obj=item,
        request=request,
        detail={"evidence": item.pk, "file": what},
    )


@member_required(Capability.VIEW_CONSENT)
def evidence(request, pk):
    """The signed form, downloaded after the access check (never shown inline: it may be a PDF)."""
    item = _evidence(request, pk)
    if not item.file:
        raise Http404("No form was uploaded for this consent")
    response = uploads.serve(item.file, f"consent-form-{item.pk}")
    _opened(request, item, "signed form")
    return response


@member_required(Capability.VIEW_CONSENT)
def evidence_signature(request, pk):
    item = _evidence(request, pk)
    if not item.signature:
        raise Http404("No signature was drawn for this consent")
    response = uploads.serve(item.signature, f"signature-{item.pk}", inline_images=True)
    _opened(request, item, "signature")
    return response


@member_required(Capability.SET_NEVER_PUBLISH)
def never_publish(request, pk):
    person = _person(request, pk)
    form = NeverPublishForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_never_publish(
                person,
                by=request.membership,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"{isolate(person.full_name)} is flagged do not publish. "
                "Any live post that named or showed them is listed for taking down.",
            )
            return redirect(_person_url(person))
    return _render(request, "consent/never_publish.html", {"person": person, "form": form}, form)


@member_required(Capability.HANDLE_CONCERNS)
def safeguarding_record(request, pk):
    """A lead ties a young person in the register to their safeguarding record (docs/safeguarding.md rule 31)."""
    person = _person(request, pk)
    if person.kind != PersonKind.YOUNG_PERSON:
        raise Http404("Only young people have safeguarding records")
    records = list(YoungPerson.objects.for_org(request.organisation).order_by("name"))
    form = SafeguardingRecordForm(
        _posted(request), records=records, initial={"record": person.safeguarding_record_id or ""}
    )
    if request.method == "POST" and form.is_valid():
        chosen = next((r for r in records if str(r.pk) == form.cleaned_data["record"]), None)
        try:
            services.link_safeguarding_record(person, chosen, by=request.membership)
        except NotAllowed as error:
            _refused(form, error)
        else:
            done = "linked to" if chosen else "no longer linked to"
            messages.success(request, f"{isolate(person.full_name)} is {done} a safeguarding record.")
            return redirect(_person_url(person))
    context = {"person": person, "form": form, "records": records}
    return _render(request, "consent/safeguarding_record.html", context, form)


@member_required(Capability.SET_NEVER_PUBLISH)
def never_publish_lift(request, pk):
    flag = get_object_for_org(
        NeverPublish.objects.select_related("person"), request, pk=pk, lifted_at__isnull=True
    )
    form = LiftForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_never_publish(flag, by=request.membership, reason=form.cleaned_data["reason"])
        except NotAllowed as error:
            _refused(form, error)
        else:
            messages.success(request, "The flag is lifted. Their consents count again.")
            return redirect(_person_url(flag.person))
    return _render(request, "consent/never_publish_lift.html", {"flag": flag, "form": form}, form)


@member_required(Capability.VIEW_CONSENT)
def groups(request):
    form = GroupForm(_posted(request))
    if request.method == "POST":
        if not request.membership.can(Capability.MANAGE_CONSENT):
            raise PermissionDenied("Only managers, safeguarding leads and authors can add groups.")
        if form.is_valid():
            try:
                group = services.add_group(
                    request.organisation, by=request.membership, name=form.cleaned_data["name"]
                )
            except NotAllowed as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, f"The group {isolate(group.name)} is added.")
                return redirect("consent:groups")
    listed = Group.objects.for_org(request.organisation).annotate(
        count=Count("people", filter=Q(people__erased_at__isnull=True))
    )
    return _render(request, "consent/groups.html", {"form": form, "groups": listed}, form)


def _recipients(person: Person) -> list[tuple[Person, str]]:
    choices = []
    for recipient, label in _givers(person):
        if recipient.email:
            choices.append((recipient, f"{label}, {recipient.email}"))
    return choices


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@member_required(Capability.MANAGE_CONSENT)
def request_add(request, pk):
    person = _person(request, pk)
    recipients = _recipients(person)
    form = RequestForm(
        _posted(request),
        initial={"scope": "all", "uses": [Use.PHOTO, Use.FIRST_NAME]},
        recipients=recipients,
        channels=_channels(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent, _ = requests.send_request(
                person,
                by=request.membership,
                sent_to=form.recipients[data["sent_to"]],
                uses=data["uses"],
                channels=form.chosen_channels(),
                expires_consent=data["expires_consent"],
                message=data["message"],
                base_url=_base_url(request),
            )
        except NotAllowed as error:
            _refused(form, error)
        except requests.EmailNotSent as error:
            messages.warning(request, str(error))
            return redirect(_person_url(person, "requests"))
        else:
            messages.success(request, f"The request is emailed to {isolate(sent.email)}.")
            return redirect(_person_url(person, "requests"))
    return _render(
        request,
        "consent/request_form.html",
        {"person": person, "form": form, "no_email": [p for p, _ in _givers(person) if not p.email]},
        form,
    )


def _request(request, pk) -> ConsentRequest:
    return get_object_for_org(ConsentRequest.objects.select_related("person", "sent_to"), request, pk=pk)


@member_required(Capability.MANAGE_CONSENT)
@require_POST
def request_resend(request, pk):
    item = _request(request, pk)
    try:
        requests.resend_request(item, by=request.membership, base_url=_base_url(request))
    except NotAllowed as error:
        messages.error(request, str(error))
    except requests.EmailNotSent as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, f"The request is emailed again to {isolate(item.email)}. The old link no longer works."
        )
    return redirect(_person_url(item.person, "requests"))


@member_required(Capability.MANAGE_CONSENT)
@require_POST
def request_cancel(request, pk):
    item = _request(request, pk)
    try:
        requests.cancel_request(item, by=request.membership)
    except NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The request is cancelled. Its link no longer works.")
    return redirect(_person_url(item.person, "requests"))
