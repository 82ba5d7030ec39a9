"""The complaints queue for staff, under /consultations/complaints/ (complaints.py): reports of board posts,
"report a problem" messages and appeals, open ones first, oldest first; each complaint's page shows the post
(its text from its inbox item, with whether it is on the board), the reason and the young person's words, and
decides it. Capability.HANDLE_COMPLAINTS; a member sees the complaints about consultations whose channels
they read (complaints.handled_by), so another organisation's are 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.access import NotAllowed, get_object_for_org, member_required
from harbour.accounts.capabilities import Capability
from harbour.consultation import boards, complaints, tokens
from harbour.consultation.forms import DecideForm
from harbour.consultation.models import Complaint, ComplaintState
from harbour.moderation.services import Stale


def _shown(complaint, *, detail: bool = False):
    """The complaint with its words for the page; `detail` (its own page) adds the post's pseudonym and
    whether it is on the board (a query each, so not for every row of the queue). The queue holds only
    complaints about channels the member reads (complaints.handled_by), so the post's inbox item is theirs
    to open."""
    complaint.about = complaints.reason_label(complaint.kind, complaint.reason)
    complaint.outcome_label = complaints.OUTCOME_LABELS.get(complaint.outcome, "")
    post = complaint.post
    if detail and post is not None:
        complaint.post_name = tokens.pseudonym(complaint.consultation, post.poster_hash).name
        complaint.on_board = boards.is_on_board(post)
    return complaint


@member_required(Capability.HANDLE_COMPLAINTS)
@require_safe
def queue(request):
    page, decided = complaints.queue(request.membership, page=request.GET.get("page"))
    context = {
        "page": page,
        "waiting": [_shown(c) for c in page],
        "decided": [_shown(c) for c in decided],
    }
    return render(request, "consultation/complaint_queue.html", context)


@member_required(Capability.HANDLE_COMPLAINTS)
@require_http_methods(["GET", "POST"])
def complaint(request, pk):
    # Another organisation's complaint is a 404, audited as a refusal; one of ours about a channel this member
    # does not read is a plain 404.
    get_object_for_org(Complaint.objects.all(), request, pk=pk)
    found = complaints.handled_by(request.membership).filter(pk=pk).first()
    if found is None:
        raise Http404("This complaint is about a consultation whose channel you do not moderate.")
    is_open = found.state == ComplaintState.OPEN
    form = DecideForm(request.POST if request.method == "POST" and is_open else None, complaint=found)
    if form.is_bound and form.is_valid():
        try:
            complaints.decide_complaint(
                found,
                by=request.membership,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except (NotAllowed, Stale, ValueError) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Decided. The young person can read your answer on the board's page.")
            return redirect("consultation:complaints")
    context = {"complaint": _shown(found, detail=True), "form": form if is_open else None}
    return render(request, "consultation/complaint_page.html", context, status=400 if form.errors else 200)


def complaints_panel(request) -> dict | None:
    """The console home's "Complaints waiting" panel (harbour/console/panels.py): how many open complaints
    this member may decide, and how long the oldest has waited; None when there are none."""
    waiting = complaints.handled_by(request.membership).filter(state=ComplaintState.OPEN)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    return {"count": waiting.count(), "oldest": oldest} if oldest else None
