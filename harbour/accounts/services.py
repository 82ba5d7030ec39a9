"""Every change to people, organisations, two-factor devices, codes of conduct and training.

Each function makes its change and writes its audit event in one transaction, so neither exists
without the other. Email goes out after the transaction commits. A change made for an organisation
takes the acting Membership as `by` and checks its organisation and capability itself (NotAllowed);
what a person does to their own account (sign-in, two-factor, password, their own sessions) takes that
`user`. `by=None` is the operator at the command line (createorganisation).
"""

import datetime
import logging
import smtplib

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from harbour.accounts import sessions, two_factor
from harbour.accounts.access import NotAllowed, require
from harbour.accounts.capabilities import Capability, role_can
from harbour.accounts.conduct import DEFAULT_TEXT, current_code
from harbour.accounts.models import (
    CodeOfConduct,
    ConductAcknowledgement,
    Course,
    CourseKind,
    Invitation,
    Membership,
    Organisation,
    TrainingRecord,
    User,
    normalise_email,
)
from harbour.audit.services import record
from harbour.lib.bidi import isolate
from harbour.lib.limits import too_long

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """The change was made, but its email could not be sent; the message says what to do."""


def _check_length(value: str, model, field: str, what: str) -> None:
    if problem := too_long(model, field, value, what):
        raise NotAllowed(problem)


DEFAULT_COURSES = (
    ("Social media good practice", CourseKind.SOCIAL_MEDIA, 12),
    ("Safeguarding level 1", CourseKind.SAFEGUARDING_1, 36),
    ("Safeguarding level 2", CourseKind.SAFEGUARDING_2, 36),
    ("Safeguarding level 3 (designated safeguarding lead)", CourseKind.SAFEGUARDING_3, 24),
)


# Organisations


@transaction.atomic(durable=True)
def create_organisation(name: str, slug: str) -> Organisation:
    """A new organisation, made by the operator at the command line (createorganisation): no actor."""
    _check_length(name, Organisation, "name", "The organisation's name")
    _check_length(slug, Organisation, "slug", "The short name")
    if Organisation.objects.filter(slug=slug).exists():
        raise NotAllowed(
            f"An organisation with the short name “{isolate(slug)}” already exists. Choose another."
        )
    org = Organisation.objects.create(name=name, slug=slug)
    seed_defaults(org)
    record("organisation.created", organisation=org, obj=org, detail={"name": name, "slug": slug})
    return org


def seed_defaults(org: Organisation) -> None:
    """The default courses and the first code of conduct, for a new organisation. Safe to repeat, and
    adds no second copy of a course a manager has since renamed only in case (names are compared as
    CourseForm compares them)."""
    for name, kind, months in DEFAULT_COURSES:
        if not Course.objects.filter(organisation=org, name__iexact=name).exists():
            Course.objects.create(organisation=org, name=name, kind=kind, valid_months=months)
    if not CodeOfConduct.objects.filter(organisation=org).exists():
        CodeOfConduct.objects.create(organisation=org, version=1, text=DEFAULT_TEXT)


@transaction.atomic(durable=True)
def add_default_courses(org: Organisation, *, by: Membership, request=None) -> list[Course]:
    require(by, Capability.MANAGE_TRAINING, org.pk, "Only a manager can add courses.")
    added = []
    for name, kind, months in DEFAULT_COURSES:
        if not Course.objects.filter(organisation=org, name__iexact=name).exists():
            course = Course.objects.create(organisation=org, name=name, kind=kind, valid_months=months)
            added.append(course)
            detail = {"name": name, "kind": kind, "valid_months": months}
            record("course.created", by=by.user, organisation=org, obj=course, request=request, detail=detail)
    return added


READING_AGES = (9, 16)  # the reading ages a target may be (Organisation.reading_age_target)


@transaction.atomic(durable=True)
def update_organisation_settings(
    org: Organisation,
    *,
    by: Membership,
    request=None,
    password_reminder_days: int,
    reading_age_target: int | None = None,
) -> None:
    require(
        by, Capability.EDIT_ORGANISATION, org.pk, "Only a manager can change the organisation's settings."
    )
    wanted = {"password_reminder_days": password_reminder_days}
    if reading_age_target is not None:
        if not READING_AGES[0] <= reading_age_target <= READING_AGES[1]:
            raise NotAllowed(f"Choose a reading age from {READING_AGES[0]} to {READING_AGES[1]}.")
        wanted["reading_age_target"] = reading_age_target
    changed = {
        name: [getattr(org, name), value] for name, value in wanted.items() if getattr(org, name) != value
    }
    if not changed:
        return
    for name, (_, value) in changed.items():
        setattr(org, name, value)
    org.save(update_fields=sorted(changed))
    record(
        "organisation.settings_changed",
        by=by.user,
        organisation=org,
        obj=org,
        request=request,
        detail=changed,
    )


# Signing in and out


def first_organisation(user) -> Organisation | None:
    membership = (
        user.memberships.active().select_related("organisation").order_by("organisation__name").first()
    )
    return membership.organisation if membership else None


def sign_in_failed(request, email: str, *, locked_out: bool, became_locked: bool) -> None:
    """Audit a wrong password; when it locked the account, also tell the person by email (once per lock)."""
    user = User.objects.filter(email=normalise_email(email)).first()
    org = first_organisation(user) if user else None
    with transaction.atomic():
        detail = {"email": normalise_email(email)[:254], "locked_out": locked_out}
        record("sign_in.failed", by=None, organisation=org, obj=user, request=request, detail=detail)
        if became_locked:
            detail = {"email": normalise_email(email)[:254], "failures": settings.AXES_FAILURE_LIMIT}
            record("sign_in.locked_out", by=None, organisation=org, obj=user, request=request, detail=detail)
    if became_locked and user is not None and user.is_active:
        _send_lockout_notice(user, request)


def _send_lockout_notice(user: User, request) -> None:
    """The email a locked-out person gets: what happened, until when, and how to get in sooner. A mail
    server that refuses it does not stop the sign-in page (the lock and its audit event stand)."""
    from axes.helpers import get_cool_off

    context = {
        "user": user,
        "site_name": settings.SITE_NAME,
        "until": timezone.localtime(timezone.now() + get_cool_off(request)),
        "failures": settings.AXES_FAILURE_LIMIT,
        "reset_link": request.build_absolute_uri(reverse("accounts:password_reset")),
    }
    body = render_to_string("accounts/email/locked_out.txt", context)
    try:
        send_mail(f"Sign-in to {settings.SITE_NAME} locked after wrong passwords", body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not email the lockout notice for user %s", user.pk, exc_info=True)


def sign_in_locked_until(user: User) -> datetime.datetime | None:
    """When the lock on this person's sign-in ends, or None if it is not locked: their wrong passwords
    from every address within the cool-off, counted as django-axes counts them per account."""
    from axes.models import AccessAttempt

    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(username=user.email, attempt_time__gte=timezone.now() - cool_off)
    totals = recent.aggregate(failures=models.Sum("failures_since_start"), last=models.Max("attempt_time"))
    if (totals["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    return totals["last"] + cool_off


@transaction.atomic(durable=True)
def lift_sign_in_lock(membership: Membership, *, by: Membership, request=None) -> None:
    """A manager lets a locked-out member sign in again at once (their wrong passwords are forgotten)."""
    from axes.models import AccessAttempt

    require(
        by,
        Capability.MANAGE_TEAM,
        membership.organisation_id,
        "Only a manager can let a member sign in again.",
    )
    cleared, _ = AccessAttempt.objects.filter(username=membership.user.email).delete()
    detail = {"member": membership.user.email, "cleared": cleared}
    record(
        "sign_in.lock_lifted",
        by=by.user,
        organisation=membership.organisation,
        obj=membership.user,
        request=request,
        detail=detail,
    )


def access_has_ended(user) -> bool:
    """Every membership deactivated, and no invitation waiting that would bring them back."""
    if not user.memberships.exists() or user.memberships.active().exists():
        return False
    waiting = Invitation.objects.filter(
        email=user.email, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    )
    return not waiting.exists()


def password_accepted(request, user) -> None:
    record(
        "sign_in.password_accepted", by=user, organisation=first_organisation(user), obj=user, request=request
    )


def _two_factor_method(user, device) -> dict:
    kind = "backup code" if device.__class__.__name__ == "StaticDevice" else "authenticator app"
    detail = {"method": kind}
    if kind == "backup code":
        detail["backup_codes_left"] = two_factor.backup_codes_left(user)
    return detail


def two_factor_passed(request, user, device) -> None:
    record(
        "sign_in.completed",
        by=user,
        organisation=first_organisation(user),
        obj=user,
        request=request,
        detail=_two_factor_method(user, device),
    )


def two_factor_confirmed(request, user, device) -> None:
    """A signed-in person passed a fresh two-factor check ("Confirm it's you")."""
    record(
        "two_factor.confirmed",
        by=user,
        organisation=getattr(request, "organisation", None),
        obj=user,
        request=request,
        detail=_two_factor_method(user, device),
    )


def two_factor_failed(request, user, *, failures: int, signed_out: bool, confirming: bool = False) -> None:
    """A wrong code at the sign-in's step, or (`confirming`) at "Confirm it's you"."""
    org = getattr(request, "organisation", None) if confirming else first_organisation(user)
    with transaction.atomic():
        record(
            "two_factor.confirm_failed" if confirming else "two_factor.failed",
            by=user,
            organisation=org,
            obj=user,
            request=request,
            detail={"failures": failures},
        )
        if signed_out:
            record("two_factor.too_many_failures", by=user, organisation=org, obj=user, request=request)


def rate_limited(request, limit: str, *, user=None) -> None:
    """A security event: someone hit a rate limit (recorded once per window, not per refused request)."""
    org = getattr(request, "organisation", None) or (first_organisation(user) if user else None)
    record(
        "security.rate_limited", by=user, organisation=org, obj=user, request=request, detail={"limit": limit}
    )


def session_timed_out(request, user, reason: str) -> None:
    record(
        "session.ended",
        by=user,
        organisation=first_organisation(user),
        obj=user,
        request=request,
        detail={"reason": reason},
    )


@transaction.atomic(durable=True)
def end_own_sessions(user, user_sessions, *, request=None) -> int:
    """A person ends some of their own sessions on the server (only theirs: the rows are filtered by user)."""
    count = sessions.end(user_sessions.filter(user=user))
    detail = {"sessions": count, "member": user.email}
    record(
        "session.ended_own",
        by=user,
        organisation=getattr(request, "organisation", None),
        obj=user,
        request=request,
        detail=detail,
    )
    return count


@transaction.atomic(durable=True)
def end_member_sessions(membership: Membership, *, by: Membership, request=None) -> int:
    """A manager signs a member out everywhere (a lost phone, a shared computer left signed in)."""
    require(by, Capability.MANAGE_TEAM, membership.organisation_id, "Only a manager can sign a member out.")
    user = membership.user
    if user.pk == by.user_id:
        raise NotAllowed("Use Your account to sign out your own sessions.")
    count = sessions.end(user.user_sessions.all())
    detail = {"sessions": count, "member": user.email}
    record(
        "session.ended_by_manager",
        by=by.user,
        organisation=membership.organisation,
        obj=user,
        request=request,
        detail=detail,
    )
    return count


def signed_out(request, user) -> None:
    record(
        "sign_out", by=user, organisation=getattr(request, "organisation", None), obj=user, request=request
    )


# Two-factor devices


@transaction.atomic(durable=True)
def enrol_authenticator(user, hex_key: str, last_t: int, *, request, replacing: bool = False) -> tuple:
    """Save a confirmed authenticator (replacing any old one) and new backup codes; returns (device, codes)."""
    device = two_factor.save_authenticator(user, hex_key, last_t)
    codes = two_factor.replace_backup_codes(user)
    action = "two_factor.replaced" if replacing else "two_factor.enrolled"
    record(action, by=user, organisation=first_organisation(user), obj=user, request=request)
    return device, codes


@transaction.atomic(durable=True)
def regenerate_backup_codes(user, *, request) -> list[str]:
    codes = two_factor.replace_backup_codes(user)
    record(
        "two_factor.backup_codes_regenerated",
        by=user,
        organisation=first_organisation(user),
        obj=user,
        request=request,
    )
    return codes


def must_confirm_email_to_enrol(user) -> bool:
    """No authenticator yet, and the account is older than HARBOUR_ENROL_DAYS."""
    age = timezone.now() - user.date_joined
    return age > datetime.timedelta(days=settings.HARBOUR_ENROL_DAYS) and not two_factor.has_two_factor(user)


ENROL_SALT = "harbour.accounts.enrol-email"


def _enrol_fingerprint(user) -> str:
    # Bound to the password hash too, so changing the password ends every link sent before.
    return f"{user.pk}:{salted_hmac(ENROL_SALT, user.password, algorithm='sha256').hexdigest()[:16]}"


def enrol_token(user) -> str:
    return signing.TimestampSigner(salt=ENROL_SALT).sign(_enrol_fingerprint(user))


def send_enrol_confirmation(user, *, request) -> None:
    token = enrol_token(user)
    link = request.build_absolute_uri(reverse("accounts:enrol_confirmed", args=[token]))
    body = render_to_string(
        "accounts/email/enrol_confirm.txt", {"user": user, "link": link, "site_name": settings.SITE_NAME}
    )
    with transaction.atomic(durable=True):
        record(
            "two_factor.enrol_email_sent",
            by=user,
            organisation=first_organisation(user),
            obj=user,
            request=request,
        )
    send_mail(f"Set up two-factor sign-in for {settings.SITE_NAME}", body, None, [user.email])


def enrol_token_is_valid(user, token: str) -> bool:
    try:
        value = signing.TimestampSigner(salt=ENROL_SALT).unsign(token, max_age=3600)
    except signing.BadSignature:
        return False
    return value == _enrol_fingerprint(user)


# Passwords


def _set_password(user, password: str) -> None:
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])


@transaction.atomic(durable=True)
def change_password(user, password: str, *, request) -> int:
    """A signed-in person's new password. The session they changed it in stays signed in; every other
    one ends (a thief's among them). Returns how many ended."""
    _set_password(user, password)
    update_session_auth_hash(request, user)
    ended = sessions.end(user.user_sessions.exclude(pk=request.session.get(sessions.RECORD_KEY)))
    record(
        "password.changed",
        by=user,
        organisation=first_organisation(user),
        obj=user,
        request=request,
        detail={"sessions": ended},
    )
    return ended


@transaction.atomic(durable=True)
def reset_password(user, password: str, *, request) -> int:
    """A new password from a reset link: every session ends, and proving the mailbox lifts a sign-in
    lock. Signing in again still needs two-factor. Returns how many sessions ended."""
    _set_password(user, password)
    reset_lockout(username=user.email)
    ended = sessions.end(user.user_sessions.all())
    record(
        "password.reset",
        by=user,
        organisation=first_organisation(user),
        obj=user,
        request=request,
        detail={"sessions": ended},
    )
    return ended


@transaction.atomic(durable=True)
def password_reset_requested(users, *, request) -> None:
    """Audit a reset link asked for each account an address has; the view sends the links after this
    commits. Called the same way for an address with no account, so nothing tells who has one."""
    for user in users:
        record(
            "password.reset_requested",
            by=user,
            organisation=first_organisation(user),
            obj=user,
            request=request,
        )


def password_due(user, org: Organisation | None) -> bool:
    """Whether to remind this person to change their password (a reminder, never a lock)."""
    if org is None or not org.password_reminder_days:
        return False
    return timezone.now() - user.password_changed_at >= datetime.timedelta(days=org.password_reminder_days)


# Invitations


def invitation_link(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("accounts:invitation", args=[token])


def _send_invitation(invitation: Invitation, link: str) -> None:
    """Email the link; raises EmailNotSent (carrying the link) if the mail server refuses."""
    context = {
        "invitation": invitation,
        "link": link,
        "site_name": settings.SITE_NAME,
        "days": settings.HARBOUR_INVITATION_DAYS,
    }
    body = render_to_string("accounts/email/invitation.txt", context)
    subject = f"You are invited to join {isolate(invitation.organisation.name)} on {settings.SITE_NAME}"
    try:
        send_mail(subject, body, None, [invitation.email])
    except (OSError, smtplib.SMTPException) as error:
        failure = EmailNotSent(
            f"The invitation for {isolate(invitation.email)} is saved, but the email could not be sent. "
            "Use Resend on the team page in a few minutes; if it fails again, tell your Harbour administrator."
        )
        failure.link = link
        raise failure from error


def _new_token(invitation: Invitation) -> str:
    token = Invitation.new_token()
    invitation.token_hash = Invitation.hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + datetime.timedelta(days=settings.HARBOUR_INVITATION_DAYS)
    return token


def invite_member(
    org: Organisation, email: str, role: str, *, by: Membership | None, base_url: str, request=None
) -> tuple[Invitation, str]:
    """Create an invitation and email its link once it is committed; returns (invitation, link). Raises
    NotAllowed for duplicates, EmailNotSent (the invitation stands) if the mail server refuses."""
    if by is not None:
        require(by, Capability.MANAGE_TEAM, org.pk, "Only a manager can invite people.")
    email = normalise_email(email)
    _check_length(email, Invitation, "email", "The email address")
    with transaction.atomic(durable=True):
        if Membership.objects.active().filter(organisation=org, user__email=email).exists():
            raise NotAllowed(f"{isolate(email)} is already a member of {isolate(org.name)}.")
        pending = Invitation.objects.filter(organisation=org, email=email, accepted_at=None, revoked_at=None)
        if pending.filter(expires_at__gt=timezone.now()).exists():
            raise NotAllowed(
                f"{isolate(email)} has already been invited. You can resend or revoke that invitation below."
            )
        invitation = Invitation(organisation=org, email=email, role=role, invited_by=by and by.user)
        token = _new_token(invitation)
        invitation.save()
        record(
            "invitation.sent",
            by=by and by.user,
            organisation=org,
            obj=invitation,
            request=request,
            detail={"email": email, "role": role},
        )
    link = invitation_link(token, base_url)
    _send_invitation(invitation, link)
    return invitation, link


def resend_invitation(invitation: Invitation, *, by: Membership, base_url: str, request=None) -> str:
    """A new link (the old one stops working) with a fresh expiry, emailed again once committed."""
    require(
        by, Capability.MANAGE_TEAM, invitation.organisation_id, "Only a manager can resend an invitation."
    )
    with transaction.atomic(durable=True):
        if invitation.accepted_at or invitation.revoked_at:
            raise NotAllowed("This invitation has been used or revoked, so it cannot be resent.")
        token = _new_token(invitation)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
        record(
            "invitation.resent",
            by=by.user,
            organisation=invitation.organisation,
            obj=invitation,
            request=request,
        )
    link = invitation_link(token, base_url)
    _send_invitation(invitation, link)
    return link


@transaction.atomic(durable=True)
def revoke_invitation(invitation: Invitation, *, by: Membership, request=None) -> None:
    require(
        by, Capability.MANAGE_TEAM, invitation.organisation_id, "Only a manager can revoke an invitation."
    )
    if invitation.accepted_at:
        raise NotAllowed("This invitation has already been accepted. Deactivate the membership instead.")
    if invitation.revoked_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        "invitation.revoked",
        by=by.user,
        organisation=invitation.organisation,
        obj=invitation,
        request=request,
    )


def find_invitation(token: str) -> Invitation | None:
    """The pending invitation for this token, or None (unknown, used, revoked or expired)."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_pending else None


def _join(invitation: Invitation, user: User, request) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created:  # a former member coming back
        membership.role, membership.is_active = invitation.role, True
        membership.save(update_fields=["role", "is_active"])
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        "invitation.accepted",
        by=user,
        organisation=invitation.organisation,
        obj=invitation,
        request=request,
        detail={"role": invitation.role},
    )
    return membership


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_pending:
        raise NotAllowed("This invitation has already been used, revoked or has expired.")
    return locked


@transaction.atomic(durable=True)
def accept_invitation_as_new_user(
    invitation: Invitation, *, full_name: str, password: str, request=None
) -> User:
    _check_length(full_name, User, "full_name", "Your name")
    invitation = _lock_pending(invitation)
    if User.objects.filter(email=invitation.email).exists():
        raise NotAllowed("You already have a Harbour account. Sign in to accept this invitation.")
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    _join(invitation, user, request)
    return user


@transaction.atomic(durable=True)
def accept_invitation_as_existing_user(invitation: Invitation, *, user: User, request=None) -> Membership:
    invitation = _lock_pending(invitation)
    if invitation.email != user.email:
        raise NotAllowed(
            f"This invitation is for {isolate(invitation.email)}. Sign in with that address to accept it."
        )
    return _join(invitation, user, request)


# Memberships


def _other_active_managers(membership: Membership):
    """Everyone else who can manage the team: an organisation never loses the last of them."""
    return (
        Membership.objects.active()
        .for_org(membership.organisation)
        .able_to(Capability.MANAGE_TEAM)
        .exclude(pk=membership.pk)
    )


@transaction.atomic(durable=True)
def change_role(membership: Membership, role: str, *, by: Membership, request=None) -> None:
    require(
        by, Capability.MANAGE_TEAM, membership.organisation_id, "Only a manager can change a member's role."
    )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = membership.role
    if before == role:
        return
    losing = role_can(before, Capability.MANAGE_TEAM) and not role_can(role, Capability.MANAGE_TEAM)
    if losing and not _other_active_managers(membership).exists():
        raise NotAllowed("You cannot change the role of the last manager. Make someone else a manager first.")
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        "membership.role_changed",
        by=by.user,
        organisation=membership.organisation,
        obj=membership,
        request=request,
        detail={"from": before, "to": role, "member": membership.user.email},
    )


@transaction.atomic(durable=True)
def deactivate_membership(membership: Membership, *, by: Membership, request=None) -> None:
    """End this person's access to the organisation. Their next request no longer carries the
    membership (the middleware reads active memberships on every request)."""
    require(by, Capability.MANAGE_TEAM, membership.organisation_id, "Only a manager can deactivate a member.")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return
    if membership.can(Capability.MANAGE_TEAM) and not _other_active_managers(membership).exists():
        raise NotAllowed("You cannot deactivate the last manager. Make someone else a manager first.")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(
        "membership.deactivated",
        by=by.user,
        organisation=membership.organisation,
        obj=membership,
        request=request,
        detail={"member": membership.user.email},
    )


def organisation_switched(request, org: Organisation) -> None:
    record("organisation.switched", organisation=org, obj=org, request=request)


# Code of conduct


@transaction.atomic(durable=True)
def publish_code_of_conduct(org: Organisation, text: str, *, by: Membership, request=None) -> CodeOfConduct:
    """A new version; everyone must acknowledge it before using the console again (the author already has)."""
    require(by, Capability.EDIT_ORGANISATION, org.pk, "Only a manager can change the code of conduct.")
    _check_length(text, CodeOfConduct, "text", "The code of conduct")
    latest = CodeOfConduct.objects.select_for_update().filter(organisation=org).order_by("-version").first()
    code = CodeOfConduct.objects.create(
        organisation=org, version=(latest.version + 1 if latest else 1), text=text, created_by=by.user
    )
    ConductAcknowledgement.objects.create(membership=by, code=code)
    record(
        "code_of_conduct.changed",
        by=by.user,
        organisation=org,
        obj=code,
        request=request,
        detail={"version": code.version},
    )
    return code


@transaction.atomic(durable=True)
def acknowledge_code_of_conduct(
    membership: Membership, version: int, *, request=None
) -> ConductAcknowledgement:
    """Acknowledge `version`, which must still be the current one (it may have changed while they read)."""
    code = current_code(membership.organisation)
    if code.version != version:
        raise NotAllowed(
            "The code of conduct has changed while you were reading it. Read the new version below."
        )
    if code.pk is None:
        code.save()
    ack, _ = ConductAcknowledgement.objects.get_or_create(membership=membership, code=code)
    record(
        "code_of_conduct.acknowledged",
        by=membership.user,
        organisation=membership.organisation,
        obj=code,
        request=request,
        detail={"version": code.version},
    )
    return ack


# Training


@transaction.atomic(durable=True)
def save_course(course: Course, *, by: Membership, request=None) -> Course:
    require(by, Capability.MANAGE_TRAINING, course.organisation_id, "Only a manager can change courses.")
    action = "course.created" if course.pk is None else "course.changed"
    _check_length(course.name, Course, "name", "The course name")
    course.save()
    detail = {"name": course.name, "kind": course.kind, "valid_months": course.valid_months}
    record(action, by=by.user, organisation=course.organisation, obj=course, request=request, detail=detail)
    for training in course.records.all():  # a new validity period changes every expiry date
        training.save(update_fields=["expires_on"])
    return course


def _training_detail(training: TrainingRecord) -> dict:
    return {
        "member": training.membership.user.email,
        "course": training.course.name,
        "completed_on": training.completed_on.isoformat(),
        "evidence": bool(training.evidence),
    }


def can_verify_training(training: TrainingRecord, by: Membership) -> bool:
    """A manager of the record's organisation who is not the member it is about."""
    return (
        by.can(Capability.MANAGE_TRAINING)
        and by.organisation_id == training.organisation_id
        and by.user_id != training.membership.user_id
    )


def _may_change_training(training: TrainingRecord, by: Membership) -> None:
    """Anyone changes their own records; a manager anyone's in the organisation."""
    own = training.membership_id == by.pk
    refusal = "Only a manager can change other people's training records."
    require(by, None if own else Capability.MANAGE_TRAINING, training.organisation_id, refusal)
    if training.membership.organisation_id != training.organisation_id:
        raise NotAllowed(refusal)


@transaction.atomic(durable=True)
def save_training(training: TrainingRecord, *, by: Membership, request=None) -> TrainingRecord:
    """Create or change a record. A manager's record of someone else's training counts as verified; any
    other change (a member's own record, a manager's own included) waits for a manager's verification."""
    _may_change_training(training, by)
    action = "training.recorded" if training.pk is None else "training.changed"
    if training.pk is None:
        training.recorded_by = by.user
    if can_verify_training(training, by):
        training.verified_by, training.verified_at = by.user, timezone.now()
    else:
        training.verified_by, training.verified_at = None, None
    training.save()
    record(
        action,
        by=by.user,
        organisation=training.organisation,
        obj=training,
        request=request,
        detail=_training_detail(training),
    )
    return training


@transaction.atomic(durable=True)
def verify_training(training: TrainingRecord, *, by: Membership, request=None) -> None:
    """Raises NotAllowed unless `by` is a manager other than the member (checked here even though the
    button is hidden)."""
    if by.user_id == training.membership.user_id:
        raise NotAllowed("You cannot verify your own training. Ask another manager to verify it.")
    if not can_verify_training(training, by):
        raise NotAllowed("Only a manager can verify training.")
    training.verified_by, training.verified_at = by.user, timezone.now()
    training.save(update_fields=["verified_by", "verified_at"])
    record(
        "training.verified",
        by=by.user,
        organisation=training.organisation,
        obj=training,
        request=request,
        detail=_training_detail(training),
    )


@transaction.atomic(durable=True)
def delete_training(training: TrainingRecord, *, by: Membership, request=None) -> None:
    _may_change_training(training, by)
    detail = _training_detail(training)
    evidence = training.evidence.name
    record(
        "training.deleted",
        by=by.user,
        organisation=training.organisation,
        obj=training,
        request=request,
        detail=detail,
    )
    training.delete()
    if evidence:
        storage = training.evidence.storage
        transaction.on_commit(lambda: storage.delete(evidence))
