"""The young people pages, for safeguarding leads: the records, adding and changing one, linking the
platform accounts that are that child, linking a concern to a young person, and the chronology.

Every page names Capability.HANDLE_CONCERNS and needs a two-factor check in the last few minutes
(@recent_two_factor): a young person's name and their concerns are as sensitive as a concern itself. The
services (harbour/safeguarding/people.py, services.link_young_person) check everything again.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required, recent_two_factor
from harbour.accounts.capabilities import Capability
from harbour.forms import DateField, GovukForm
from harbour.inbox.models import Author
from harbour.lib.bidi import isolate
from harbour.safeguarding import access, people, services
from harbour.safeguarding.models import Concern, YoungPerson


class YoungPersonForm(GovukForm):
    name = forms.CharField(
        max_length=people.NAME_LENGTH,
        label="Name or pseudonym",
        help_text="A pseudonym is enough: the leads need to know who it is, nobody else sees it.",
        error_messages={"required": "Enter the young person's name or a pseudonym"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = DateField(
        required=False,
        label="Date of birth (optional)",
        help_text="For example, 27 3 2012. Their age is shown from it in the chronology.",
    )


class AuthorSearchForm(GovukForm):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search your channels' accounts by handle or name",
        help_text="The people whose posts or messages have reached your channels.",
    )


NOBODY = "nobody"


class LinkForm(GovukForm):
    young_person = forms.ChoiceField(
        label="Which young person is this concern about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a young person, or nobody"},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["young_person"].choices = [*choices, (NOBODY, "Nobody on record")]


def _young_person(request, pk) -> YoungPerson:
    return get_object_for_org(YoungPerson.objects.all(), request, pk=pk)


def _concern(request, pk) -> Concern:
    """The concern, if this member may read it; else a 404, whatever the reason (as on the concern pages)."""
    concern = get_object_for_org(Concern.objects.select_related("young_person"), request, pk=pk)
    if not access.can_read(request.membership, concern):
        raise Http404("No concern here")
    return concern


def _render(request, template: str, context: dict, form=None):
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def index(request):
    return render(
        request,
        "safeguarding/young_people.html",
        {"young_people": people.young_people(request.membership).order_by("name", "pk")},
    )


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def add(request):
    """A new record; from a concern's page (?concern=<pk>), the concern is linked to it too."""
    concern = _concern(request, request.GET["concern"]) if request.GET.get("concern", "").isdigit() else None
    form = YoungPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            young_person = people.add_young_person(
                request.organisation,
                by=request.membership,
                name=form.cleaned_data["name"],
                date_of_birth=form.cleaned_data["date_of_birth"],
            )
            if concern is not None:
                services.link_young_person(concern, by=request.membership, young_person=young_person)
        except (NotAllowed, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"The record of {isolate(young_person.name)} is made. Link their accounts on your channels.",
            )
            return redirect("safeguarding:young_person_authors", pk=young_person.pk)
    return _render(request, "safeguarding/young_person_form.html", {"form": form, "concern": concern}, form)


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def change(request, pk):
    young_person = _young_person(request, pk)
    initial = {"name": young_person.name, "date_of_birth": young_person.date_of_birth}
    form = YoungPersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people.change_young_person(
                young_person,
                by=request.membership,
                name=form.cleaned_data["name"],
                date_of_birth=form.cleaned_data["date_of_birth"],
            )
        except (NotAllowed, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The record is changed.")
            return redirect("safeguarding:chronology", pk=young_person.pk)
    return _render(
        request, "safeguarding/young_person_form.html", {"form": form, "young_person": young_person}, form
    )


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def authors(request, pk):
    """The platform accounts that are this young person: linked ones (to unlink), and a search for more."""
    young_person = _young_person(request, pk)
    if request.method == "POST":
        chosen = request.POST.get("author", "")
        if not chosen.isdigit():
            raise Http404("No account here")
        author = get_object_for_org(Author.objects.all(), request, pk=int(chosen))
        try:
            if request.POST.get("link") == "1":
                people.link_author(young_person, author, by=request.membership)
                messages.success(request, f"{isolate(_account(author))} is linked to this record.")
            else:
                people.unlink_author(young_person, author, by=request.membership)
                messages.success(request, f"{isolate(_account(author))} is no longer linked to this record.")
        except NotAllowed as exc:
            messages.error(request, str(exc))
        query = request.POST.get("q", "").strip()
        return redirect(f"{request.path}?{urlencode({'q': query})}" if query else request.path)
    search = AuthorSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    linked = list(young_person.authors.order_by("platform", "handle", "pk"))
    found = [a for a in people.find_authors(request.membership, query) if a not in linked] if query else []
    return render(
        request,
        "safeguarding/young_person_authors.html",
        {"young_person": young_person, "linked": linked, "search": search, "query": query, "found": found},
    )


def _account(author: Author) -> str:
    return author.handle or author.display_name or author.platform_author_id


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def chronology(request, pk):
    young_person = _young_person(request, pk)
    moments = people.read_chronology(young_person, by=request.membership)
    return render(
        request,
        "safeguarding/chronology.html",
        {
            "young_person": young_person,
            "moments": moments,
            "age": people.age(young_person.date_of_birth, timezone.localdate()),
            "authors": young_person.authors.order_by("platform", "handle", "pk"),
            "concern_count": len({moment.concern.pk for moment in moments}),
        },
    )


@member_required(Capability.HANDLE_CONCERNS)
@recent_two_factor
def link_concern(request, pk):
    """Which young person a concern is about (from the concern page)."""
    concern = _concern(request, pk)
    records = list(people.young_people(request.membership).order_by("name", "pk"))
    choices = [(str(record.pk), record.name) for record in records]
    initial = {"young_person": str(concern.young_person_id or NOBODY)}
    form = LinkForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = next((r for r in records if str(r.pk) == form.cleaned_data["young_person"]), None)
        try:
            services.link_young_person(concern, by=request.membership, young_person=chosen)
        except (NotAllowed, ValueError) as exc:
            form.add_error(None, str(exc))
        else:
            if chosen is None:
                messages.success(request, f"{concern.audit_label()} is not linked to a young person now.")
            else:
                messages.success(request, f"{concern.audit_label()} is linked to {isolate(chosen.name)}.")
            return redirect("safeguarding:concern", pk=concern.pk)
    return _render(request, "safeguarding/young_person_link.html", {"concern": concern, "form": form}, form)
