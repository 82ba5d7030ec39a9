from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.channels import disclaimer, privacy, services
from harbour.channels.forms import (
    ChannelForm,
    CredentialForm,
    DecisionForm,
    DisclaimerForm,
    PrivacyReviewForm,
    RetireForm,
)
from harbour.channels.models import Channel, Credential, CredentialKind, PrivacyReview, Status
from harbour.channels.oauth import meta_connection_summary
from harbour.connectors.webhook.receive import generate_secret
from harbour.lib.bidi import isolate


def _channel(request, pk) -> Channel:
    return get_object_for_org(Channel.objects.select_related("organisation"), request, pk=pk)


@member_required(Capability.VIEW_CHANNELS)
def index(request):
    # select_related: the list shows each channel's collection state from its ingest cursor.
    channels = list(
        Channel.objects.for_org(request.organisation).with_review_dates().select_related("ingest")
    )
    is_manager = request.membership.can(Capability.MANAGE_CHANNELS)
    rows = []
    for channel in channels:
        due = channel.privacy_review_due()
        overdue = channel.status == Status.ACTIVE and channel.privacy_review_overdue()
        rows.append({"channel": channel, "review_due": due, "review_overdue": overdue})
    return render(
        request,
        "channels/index.html",
        {
            "rows": rows,
            "can_propose": request.membership.can(Capability.PROPOSE_CHANNELS),
            "show_overdue": is_manager,
            "overdue_count": sum(1 for row in rows if row["review_overdue"]) if is_manager else 0,
        },
    )


@member_required(Capability.PROPOSE_CHANNELS)
def propose(request):
    form = ChannelForm(request.POST or None, organisation=request.organisation, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.propose_channel(
                request.organisation,
                form.values(),
                owners=form.cleaned_data["owners"],
                moderators=form.cleaned_data["moderators"],
                by=request.membership,
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{isolate(channel.name)} has been proposed. A manager will review it.")
            return redirect("channels:detail", pk=channel.pk)
    return render(request, "channels/propose.html", {"form": form})


@member_required(Capability.VIEW_CHANNELS)
def detail(request, pk):
    channel = _channel(request, pk)
    member = request.membership
    return render(
        request,
        "channels/detail.html",
        {
            "channel": channel,
            "can": services.allowed_actions(channel, member),
            "gaps": services.activation_gaps(channel) if channel.status == Status.APPROVED else [],
            "owners": channel.owners.select_related("user"),
            "moderators": channel.moderators.select_related("user"),
            "review_due": channel.privacy_review_due(),
            "review_overdue": channel.status == Status.ACTIVE and channel.privacy_review_overdue(),
            # How collecting goes, kept by the inbox on the channel (IngestCursor.channel, related_name "ingest").
            "ingest": getattr(channel, "ingest", None),
            "meta": meta_connection_summary(channel),
        },
    )


@member_required(Capability.PROPOSE_CHANNELS)
def edit(request, pk):
    channel = _channel(request, pk)
    if not services.allowed_actions(channel, request.membership)["edit"]:
        raise PermissionDenied("You cannot change this channel.")
    form = ChannelForm(
        request.POST or None,
        organisation=request.organisation,
        channel=channel,
        membership=request.membership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_channel(
                channel,
                form.values(),
                owners=form.cleaned_data["owners"],
                moderators=form.cleaned_data["moderators"],
                by=request.membership,
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The channel's details have been saved.")
            return redirect("channels:detail", pk=channel.pk)
    return render(request, "channels/edit.html", {"form": form, "channel": channel})


@member_required(Capability.MANAGE_CHANNELS)
def decide(request, pk):
    channel = _channel(request, pk)
    leave_to_another = services.must_leave_approval_to_another(channel, request.membership)
    form = DecisionForm(request.POST or None, can_approve=not leave_to_another)
    if request.method == "POST" and form.is_valid():
        comments = form.cleaned_data["comments"]
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_channel(channel, by=request.membership, comments=comments)
                messages.success(
                    request, f"{isolate(channel.name)} is approved. It can go active once it is ready."
                )
            else:
                services.reject_channel(channel, by=request.membership, comments=comments)
                messages.success(request, f"{isolate(channel.name)} has been rejected with your comments.")
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("channels:detail", pk=channel.pk)
    return render(
        request,
        "channels/decide.html",
        {"form": form, "channel": channel, "leave_to_another": leave_to_another},
    )


@member_required(Capability.MANAGE_CHANNELS)
def activate(request, pk):
    channel = _channel(request, pk)
    if request.method == "POST":
        try:
            services.activate_channel(channel, by=request.membership)
        except services.NotReady as exc:
            return render(
                request, "channels/activate.html", {"channel": channel, "gaps": exc.missing}, status=200
            )
        except NotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"{isolate(channel.name)} is active. Harbour will now collect its comments."
            )
        return redirect("channels:detail", pk=channel.pk)
    return render(
        request, "channels/activate.html", {"channel": channel, "gaps": services.activation_gaps(channel)}
    )


@member_required(Capability.MANAGE_CHANNELS)
def retire(request, pk):
    channel = _channel(request, pk)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retire_channel(channel, by=request.membership, reason=form.cleaned_data["reason"])
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{isolate(channel.name)} is retired.")
            return redirect("channels:detail", pk=channel.pk)
    return render(request, "channels/retire.html", {"form": form, "channel": channel})


@require_POST
@member_required(Capability.PROPOSE_CHANNELS)
def resubmit(request, pk):
    channel = _channel(request, pk)
    try:
        services.resubmit_channel(channel, by=request.membership)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{isolate(channel.name)} has been proposed again.")
    return redirect("channels:detail", pk=channel.pk)


@member_required(Capability.MANAGE_CHANNELS)
def credentials(request, pk):
    channel = _channel(request, pk)
    stored = {c.kind: c for c in channel.credentials.select_related("created_by", "rotated_by")}
    rows = [
        {"kind": kind, "label": CredentialKind(kind).label, "credential": stored.get(kind)}
        for kind in channel.platform_entry.credential_kinds
    ]
    return render(request, "channels/credentials.html", {"channel": channel, "rows": rows})


@sensitive_variables("secret")
@sensitive_post_parameters("secret")
@member_required(Capability.MANAGE_CHANNELS)
def set_credential(request, pk, kind):
    channel = _channel(request, pk)
    if kind not in channel.platform_entry.credential_kinds:
        raise Http404("This platform does not use that kind of credential.")
    label = CredentialKind(kind).label
    existing = (
        Credential.objects.filter(channel=channel, kind=kind)
        .select_related("created_by", "rotated_by")
        .first()
    )
    if kind == CredentialKind.WEBHOOK_SECRET:
        return _webhook_secret(request, channel, label, existing)
    form = CredentialForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        secret = form.cleaned_data["secret"]
        try:
            services.set_credential(channel, kind, secret, by=request.membership)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The {label.lower()} has been saved. It will not be shown again.")
            return redirect("channels:credentials", pk=channel.pk)
    return render(
        request,
        "channels/credential_form.html",
        {"form": form, "channel": channel, "label": label, "existing": existing},
    )


@sensitive_variables("secret")
def _webhook_secret(request, channel, label, existing):
    """Harbour makes the signing secret and shows it once, for the sending system's settings."""
    context = {"channel": channel, "label": label, "existing": existing}
    if request.method == "POST":
        secret = generate_secret()
        try:
            services.set_credential(channel, CredentialKind.WEBHOOK_SECRET, secret, by=request.membership)
        except NotAllowed as exc:
            messages.error(request, str(exc))
            return redirect("channels:credentials", pk=channel.pk)
        context |= {
            "secret": secret,
            "hook_url": request.build_absolute_uri(reverse("hooks:receive", args=[channel.uuid])),
        }
        response = render(request, "channels/webhook_secret.html", context)
        response["Cache-Control"] = "no-store"  # shown once: never kept by a browser or proxy
        return response
    return render(request, "channels/webhook_secret.html", context)


@member_required(Capability.VIEW_CHANNELS)
def privacy_reviews(request, pk):
    channel = _channel(request, pk)
    if request.method == "POST":
        review = services.start_privacy_review(channel, by=request.membership)  # NotAllowed: a 403
        return redirect("channels:privacy_review", pk=channel.pk, review_pk=review.pk)
    return render(
        request,
        "channels/privacy_reviews.html",
        {
            "channel": channel,
            "reviews": channel.privacy_reviews.select_related("started_by"),
            "can_review": channel.is_editable and services.can_review_privacy(channel, request.membership),
            "review_due": channel.privacy_review_due(),
            "review_overdue": channel.status == Status.ACTIVE and channel.privacy_review_overdue(),
        },
    )


@member_required(Capability.VIEW_CHANNELS)
def privacy_review(request, pk, review_pk):
    channel = _channel(request, pk)
    review = get_object_for_org(PrivacyReview.objects.filter(channel=channel), request, pk=review_pk)
    can_edit = not review.is_complete and services.can_review_privacy(channel, request.membership)
    hints = {item.key: item.hint for item in privacy.checklist(channel.platform)}
    form = PrivacyReviewForm(request.POST or None, review=review, hints=hints)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("You cannot change this review.")
        if form.is_valid():
            try:
                review = services.record_privacy_checks(review, form.answers(), by=request.membership)
            except NotAllowed as exc:
                form.add_error(None, str(exc))
            else:
                if review.is_complete:
                    messages.success(request, "The privacy review is complete.")
                    return redirect("channels:privacy_reviews", pk=channel.pk)
                messages.success(
                    request, "Your checks have been saved. Finish the rest to complete the review."
                )
                return redirect("channels:privacy_review", pk=channel.pk, review_pk=review.pk)
    return render(
        request,
        "channels/privacy_review.html",
        {"channel": channel, "review": review, "form": form, "can_edit": can_edit},
    )


@member_required(Capability.MANAGE_CHANNELS)
def edit_disclaimer(request, pk):
    channel = _channel(request, pk)
    current = channel.current_disclaimer
    generated = disclaimer.generate(channel)
    if request.method == "POST":
        form = DisclaimerForm(request.POST)
        if form.is_valid():
            try:
                version = services.publish_disclaimer(
                    channel, form.cleaned_data["text"], by=request.membership
                )
            except NotAllowed as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Version {version.number} of the disclaimer is published.")
                return redirect("channels:disclaimer", pk=channel.pk)
    else:
        use_generated = current is None or request.GET.get("from") == "settings"
        form = DisclaimerForm(initial={"text": generated if use_generated else current.text})
    return render(
        request,
        "channels/disclaimer_edit.html",
        {
            "form": form,
            "channel": channel,
            "current": current,
            "versions": channel.disclaimers.select_related("published_by"),
            "public_url": request.build_absolute_uri(channel_public_path(channel)),
        },
    )


def channel_public_path(channel: Channel) -> str:
    return reverse("channels_public:disclaimer", kwargs={"slug": channel.public_slug})


def public_disclaimer(request, slug):
    """The disclaimer a platform profile links to: no sign-in, no tracking, nothing from elsewhere."""
    channel = get_object_or_404(
        Channel.objects.select_related("organisation", "current_disclaimer"), public_slug=slug
    )
    version = channel.current_disclaimer
    if version is None:
        raise Http404("This channel has not published a disclaimer yet.")
    response = render(
        request,
        "channels/public_disclaimer.html",
        {"channel": channel, "version": version, **disclaimer.sections(version.text)},
    )
    response["Referrer-Policy"] = "no-referrer"  # the address is a capability link (docs/security.md L2)
    return response
