"""The dashboard's demo data for `harbour seed_demo` (run after the consultations' demo): every other figure
counts the records the other apps' demo modules make (docs/dashboard.md, "Demo"); the one left empty was
complaints from consultation pages, so a young person reports a problem with the demo's open survey
through the complaints service, as they would from the survey's "Report a problem" link (no account).

Safe to run again: nothing is added once the organisation has any complaint.
"""

from harbour.consultation.complaints import ComplaintRefused, file_complaint
from harbour.consultation.models import Complaint, ComplaintKind, Consultation, Kind, State

PROBLEM = {
    "reason": "hard",  # "Something is hard to read or understand" (complaints.PROBLEM_REASONS)
    "text": "The question about feeling safe after dark was hard to answer on my phone, the words were too long.",
}


def seed(organisation, members) -> None:
    if Complaint.objects.filter(organisation=organisation).exists():
        return
    survey = (
        Consultation.objects.filter(organisation=organisation, kind=Kind.SURVEY, state=State.OPEN)
        .order_by("pk")
        .first()
    )
    if survey is None:
        return  # closed or removed by someone using the demo: nothing to report a problem with
    try:
        file_complaint(organisation, kind=ComplaintKind.PROBLEM, consultation=survey, **PROBLEM)
    except ComplaintRefused:
        return
