"""One service convention (docs/architecture.md, "Services"): every change goes through a service that
takes the acting Membership, checks its organisation and capability itself, raises the one NotAllowed,
and writes its audit event in the same transaction. Views and forms write nothing themselves."""

import ast
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from harbour.accounts import services as accounts
from harbour.accounts.access import NotAllowed
from harbour.accounts.capabilities import Role
from harbour.accounts.models import Course, CourseKind, Invitation, UserSession
from harbour.audit.models import AuditEvent
from harbour.channels import services as channels
from harbour.moderation.services import act
from tests.cast import PASSWORD, active_channel, make_item, make_member, propose, sign_in

HARBOUR = Path(__file__).resolve().parents[1] / "harbour"
SERVICE_MODULES = ["accounts/services.py", "channels/services.py", "inbox/services.py"]
ORM_WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# path relative to harbour/, method: why a view or form may call it
ALLOWED_WRITES = {
    ("accounts/forms.py", "save"): "TrainingRecordForm.save(commit=True), Django's ModelForm contract; every "
    "view calls save(commit=False) and hands the record to services.save_training",
}


def view_and_form_modules() -> list[Path]:
    found = [*HARBOUR.glob("*/views.py"), *HARBOUR.glob("*/views/*.py"), *HARBOUR.glob("*/pages.py")]
    found += [*HARBOUR.glob("*/forms.py"), *HARBOUR.glob("forms.py")]
    return sorted(found)


def orm_writes(source: str) -> list[tuple[int, str]]:
    """(line, method) for each call of an ORM write method, but form.save(commit=False), which writes nothing."""
    writes = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ORM_WRITES
        ):
            no_commit = any(
                k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            )
            if not no_commit:
                writes.append((node.lineno, node.func.attr))
    return writes


def test_orm_writes_finds_the_ways_a_view_could_write():
    source = "a.save()\nItem.objects.create(x=1)\nqs.update(x=1)\nrow.delete()\nform.save(commit=False)\nservices.save_course(c)"
    assert [method for _, method in orm_writes(source)] == ["save", "create", "update", "delete"]


def test_views_and_forms_write_nothing_themselves():
    problems = []
    for path in view_and_form_modules():
        relative = path.relative_to(HARBOUR).as_posix()
        for line, method in orm_writes(path.read_text()):
            if (relative, method) not in ALLOWED_WRITES:
                problems.append(f"harbour/{relative}:{line} calls .{method}(): move the write into a service")
    assert not problems, "\n".join(problems)


def test_there_is_one_not_allowed():
    defined = []
    for path in sorted(HARBOUR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.name == "NotAllowed":
                defined.append(path.relative_to(HARBOUR).as_posix())
    assert defined == ["accounts/access.py"]


def test_not_allowed_is_imported_from_one_place():
    """Not through a module that happens to import it (channels.services.NotAllowed): one name, one place."""
    problems = []
    for path in sorted([*HARBOUR.rglob("*.py"), *Path(__file__).parent.rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text())):
            through_module = isinstance(node, ast.Attribute) and node.attr == "NotAllowed"
            imported = (
                isinstance(node, ast.ImportFrom)
                and node.module != "harbour.accounts.access"
                and any(alias.name == "NotAllowed" for alias in node.names)
            )
            if through_module or imported:
                problems.append(f"{path}:{node.lineno}")
    assert not problems, "import NotAllowed from harbour.accounts.access:\n" + "\n".join(problems)


def test_every_services_actor_is_a_membership():
    problems = []
    for relative in SERVICE_MODULES:
        for node in ast.walk(ast.parse((HARBOUR / relative).read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for arg in node.args.kwonlyargs:
                if arg.arg == "by" and (
                    arg.annotation is None or "Membership" not in ast.unparse(arg.annotation)
                ):
                    problems.append(
                        f"harbour/{relative}: {node.name}(by=...) must take the acting Membership"
                    )
    assert not problems, "\n".join(problems)


# Each service refuses a member of the wrong role, and a member of another organisation, even when no view
# stands in front of it.


def _course(org):
    return Course(organisation=org, name="Online safety", kind=CourseKind.OTHER, valid_months=12)


ACCOUNT_CHANGES = {
    "change_role": lambda target, by: accounts.change_role(target, Role.VIEWER, by=by),
    "deactivate_membership": lambda target, by: accounts.deactivate_membership(target, by=by),
    "lift_sign_in_lock": lambda target, by: accounts.lift_sign_in_lock(target, by=by),
    "end_member_sessions": lambda target, by: accounts.end_member_sessions(target, by=by),
    "invite_member": lambda target, by: accounts.invite_member(
        target.organisation, "new@example.org", Role.VIEWER, by=by, base_url="https://h.example"
    ),
    "save_course": lambda target, by: accounts.save_course(_course(target.organisation), by=by),
    "add_default_courses": lambda target, by: accounts.add_default_courses(target.organisation, by=by),
    "update_organisation_settings": lambda target, by: accounts.update_organisation_settings(
        target.organisation, by=by, password_reminder_days=30
    ),
    "publish_code_of_conduct": lambda target, by: accounts.publish_code_of_conduct(
        target.organisation, "Be kind.", by=by
    ),
}


@pytest.mark.parametrize("change", ACCOUNT_CHANGES)
def test_account_services_refuse_the_wrong_role_and_another_organisation(
    change, manager, moderator, author, outsider
):
    events = AuditEvent.objects.count()
    for by in (moderator, outsider):
        with pytest.raises(NotAllowed):
            ACCOUNT_CHANGES[change](author, by)
    assert AuditEvent.objects.count() == events
    assert author.role == Role.AUTHOR and author.is_active


def test_invitation_services_refuse_another_organisations_manager(manager, outsider):
    invitation, _ = accounts.invite_member(
        manager.organisation, "a@example.org", Role.VIEWER, by=manager, base_url="http://x"
    )
    for change in (
        accounts.revoke_invitation,
        lambda i, by: accounts.resend_invitation(i, by=by, base_url="http://x"),
    ):
        with pytest.raises(NotAllowed):
            change(invitation, by=outsider)
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_channel_services_refuse_another_organisations_manager(author, manager, outsider):
    channel = propose(author.organisation, author)
    for change in (
        lambda: channels.approve_channel(channel, by=outsider),
        lambda: channels.reject_channel(channel, by=outsider, comments="No"),
        lambda: channels.retire_channel(channel, by=outsider, reason="No"),
        lambda: channels.publish_disclaimer(channel, "# Ours", by=outsider),
    ):
        with pytest.raises(NotAllowed):
            change()
    channel.refresh_from_db()
    assert channel.status == "proposed" and channel.current_disclaimer is None


def test_moderation_refuses_the_wrong_role_and_another_organisation(org, viewer, outsider):
    item = make_item(active_channel(org))
    for by in (viewer, outsider):
        with pytest.raises(NotAllowed):
            act(item, "done", by=by, version=0)


# Passwords: the sessions end in the service, in the password change's transaction, and are audited.


def _session_for(user) -> UserSession:
    store = SessionStore()
    store.create()
    return UserSession.objects.create(user=user, session_key=store.session_key)


def test_changing_your_password_ends_your_other_sessions_and_audits_it(author):
    other = _session_for(author.user)
    client = sign_in(Client(), author.user)
    response = client.post(
        "/accounts/account/password/",
        {
            "current_password": PASSWORD,
            "new_password": "N3w-Harbour!Pass",
            "new_password_again": "N3w-Harbour!Pass",
        },
        secure=True,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not UserSession.objects.filter(pk=other.pk).exists()
    assert not SessionStore().exists(other.session_key)
    event = AuditEvent.objects.filter(action="password.changed").latest("sequence")
    assert event.detail["sessions"] == 1
    assert client.get("/accounts/account/", secure=True).status_code == 200  # this session stays


def test_a_password_reset_ends_every_session_and_audits_it_without_a_view(author):
    sessions = [_session_for(author.user), _session_for(author.user)]
    request = RequestFactory().post("/")
    ended = accounts.reset_password(author.user, "N3w-Harbour!Pass", request=request)
    assert ended == 2
    assert not UserSession.objects.filter(pk__in=[s.pk for s in sessions]).exists()
    author.user.refresh_from_db()
    assert author.user.check_password("N3w-Harbour!Pass")
    event = AuditEvent.objects.filter(action="password.reset").latest("sequence")
    assert event.detail["sessions"] == 2 and event.actor == author.user


def test_a_reset_request_is_audited_by_the_service_before_the_link_is_sent(client, author, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": author.user.email}, secure=True)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="password.reset_requested", actor=author.user).count() == 1
    assert len(mailoutbox) == 1


def test_an_unknown_member_of_another_organisation_cannot_be_made_by_a_stranger(org, other_org):
    stranger = make_member(other_org, Role.MANAGER, "s@example.net", "Sam Stranger")
    with pytest.raises(NotAllowed):
        accounts.invite_member(org, "x@example.org", Role.MANAGER, by=stranger, base_url="http://x")
