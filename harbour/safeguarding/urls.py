from django.urls import path

from . import counts, people_views, referral_views, retention_views, views

app_name = "safeguarding"
urlpatterns = [
    path("", views.index, name="index"),
    path("raise/", views.raise_concern, name="raise"),
    path("received/<int:pk>/", views.received, name="received"),
    path("<int:pk>/", views.concern, name="concern"),
    path("<int:pk>/record/", views.add_entry, name="add_entry"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    # The managers' numbers, never content (counts.py)
    path("counts/", counts.page, name="counts"),
    # Young people and their chronology (people_views.py)
    path("people/", people_views.index, name="young_people"),
    path("people/new/", people_views.add, name="young_person_add"),
    path("people/<int:pk>/", people_views.chronology, name="chronology"),
    path("people/<int:pk>/change/", people_views.change, name="young_person_change"),
    path("people/<int:pk>/accounts/", people_views.authors, name="young_person_authors"),
    path("<int:pk>/young-person/", people_views.link_concern, name="young_person_link"),
    # Referrals, the referral contacts and opening media on the platform (referral_views.py)
    path("<int:pk>/refer/", referral_views.refer, name="refer"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/reference/", referral_views.add_reference, name="add_reference"
    ),
    path("<int:pk>/media/<int:evidence_pk>/", referral_views.open_media, name="open_media"),
    path("destinations/", referral_views.destinations, name="destinations"),
    path("destinations/add/", referral_views.destination_form, name="destination_add"),
    path(
        "destinations/derby-and-derbyshire/", referral_views.destination_starters, name="destination_starters"
    ),
    path("destinations/<int:pk>/", referral_views.destination_form, name="destination_edit"),
    path("destinations/<int:pk>/active/", referral_views.destination_active, name="destination_active"),
    # Retention: the review, the rule and the legal hold (retention_views.py)
    path("retention/", retention_views.index, name="retention"),
    path("retention/rule/", retention_views.rule, name="retention_rule"),
    path("<int:pk>/retention/", retention_views.review, name="retention_review"),
    path("<int:pk>/hold/", retention_views.hold, name="retention_hold"),
]
