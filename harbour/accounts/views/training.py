"""Training records (guidance section 7): everyone records their own; managers record, verify and see all."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from harbour.accounts import services, training, uploads
from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.accounts.forms import CourseForm, TrainingRecordForm
from harbour.accounts.models import Course, Membership, TrainingRecord
from harbour.lib.bidi import isolate


def _manages_training(request) -> bool:
    return request.membership.can(Capability.MANAGE_TRAINING)


def _record_for(request, pk) -> TrainingRecord:
    """A record in this organisation (else 404) that this person may change: their own, or any for a manager."""
    record = get_object_for_org(
        TrainingRecord.objects.select_related("course", "membership__user"), request, pk=pk
    )
    if record.membership_id != request.membership.pk and not _manages_training(request):
        raise PermissionDenied("Only managers can change other people's training records.")
    return record


def _members_for(request):
    if _manages_training(request):
        return (
            Membership.objects.for_org(request.organisation)
            .active()
            .select_related("user")
            .order_by("user__full_name")
        )
    return Membership.objects.filter(pk=request.membership.pk).select_related("user")


@member_required()
def index(request):
    today = timezone.localdate()
    context = {"mine": training.member_training(request.membership, today), "today": today}
    if _manages_training(request):
        everyone = [
            training.member_training(m, today)
            for m in Membership.objects.for_org(request.organisation)
            .active()
            .select_related("user")
            .order_by("user__full_name")
        ]
        newest = {}
        for record in (
            TrainingRecord.objects.for_org(request.organisation)
            .filter(membership__is_active=True)
            .select_related("course", "membership__user")
            .order_by("-completed_on")
        ):
            newest.setdefault((record.membership_id, record.course_id), record)
        context["everyone"] = everyone
        context["attention"] = sorted(
            (r for r in newest.values() if r.status(today) != "valid"), key=lambda r: r.expires_on
        )
        for record in [*context["attention"], *(r for row in everyone for r in row.records)]:
            record.can_verify = not record.is_verified and services.can_verify_training(
                record, request.membership
            )
        context["courses"] = Course.objects.for_org(request.organisation)
    return render(request, "accounts/training.html", context)


@member_required()
def add(request):
    members = _members_for(request)
    initial = {"member": request.membership.pk}
    if not Course.objects.for_org(request.organisation).exists():
        return render(request, "accounts/training_no_courses.html")
    form = TrainingRecordForm(
        request.POST or None,
        request.FILES or None,
        organisation=request.organisation,
        members=members,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        record = services.save_training(form.save(commit=False), by=request.membership, request=request)
        messages.success(
            request,
            f"Training recorded: {isolate(record.course.name)} for {isolate(record.membership.user.full_name)}.",
        )
        return redirect("accounts:training")
    return render(request, "accounts/training_form.html", {"form": form, "adding": True})


@member_required()
def edit(request, pk):
    record = _record_for(request, pk)
    form = TrainingRecordForm(
        request.POST or None,
        request.FILES or None,
        instance=record,
        organisation=request.organisation,
        members=_members_for(request),
    )
    if request.method == "POST" and form.is_valid():
        services.save_training(form.save(commit=False), by=request.membership, request=request)
        messages.success(request, "The training record has been saved.")
        return redirect("accounts:training")
    return render(request, "accounts/training_form.html", {"form": form, "record": record, "adding": False})


@member_required()
def delete(request, pk):
    record = _record_for(request, pk)
    if request.method == "POST":
        services.delete_training(record, by=request.membership, request=request)
        messages.success(request, f"The record of {isolate(record.course.name)} has been deleted.")
        return redirect("accounts:training")
    return render(request, "accounts/training_delete.html", {"record": record})


@require_POST
@member_required(Capability.MANAGE_TRAINING)
def verify(request, pk):
    record = _record_for(request, pk)
    try:
        services.verify_training(record, by=request.membership, request=request)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:training")
    messages.success(
        request,
        f"You have verified {isolate(record.membership.user.full_name)}'s {isolate(record.course.name)} training.",
    )
    return redirect("accounts:training")


@member_required()
def evidence(request, pk):
    """The certificate, only to its owner and managers, always as a download (never shown inline)."""
    record = get_object_for_org(TrainingRecord.objects.all(), request, pk=pk)
    if record.membership_id != request.membership.pk and not _manages_training(request):
        raise PermissionDenied("Only managers can see other people's certificates.")
    if not record.evidence:
        raise Http404
    return uploads.serve(record.evidence, record.evidence_name or "certificate")


@member_required(Capability.MANAGE_TRAINING)
def courses(request):
    return render(request, "accounts/courses.html", {"courses": Course.objects.for_org(request.organisation)})


@require_POST
@member_required(Capability.MANAGE_TRAINING)
def add_default_courses(request):
    services.add_default_courses(request.organisation, by=request.membership, request=request)
    messages.success(request, "The default courses have been added.")
    return redirect("accounts:courses")


@member_required(Capability.MANAGE_TRAINING)
def course_form(request, pk=None):
    course = get_object_for_org(Course.objects.all(), request, pk=pk) if pk else None
    form = CourseForm(request.POST or None, instance=course, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        saved = services.save_course(form.save(commit=False), by=request.membership, request=request)
        messages.success(request, f"The course {isolate(saved.name)} has been saved.")
        return redirect("accounts:courses")
    return render(request, "accounts/course_form.html", {"form": form, "course": course})
