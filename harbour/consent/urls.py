from django.urls import include, path

from harbour.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/change/", views.person_change, name="person_change"),
    path("people/<int:pk>/parents/", views.guardian_add, name="guardian_add"),
    path("people/<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("people/<int:pk>/never-publish/", views.never_publish, name="never_publish"),
    path("people/<int:pk>/safeguarding-record/", views.safeguarding_record, name="safeguarding_record"),
    path("people/<int:pk>/request/", views.request_add, name="request_add"),
    path("parents/<int:pk>/unlink/", views.guardian_remove, name="guardian_remove"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evidence/<int:pk>/signature/", views.evidence_signature, name="evidence_signature"),
    path("never-publish/<int:pk>/lift/", views.never_publish_lift, name="never_publish_lift"),
    path("requests/<int:pk>/resend/", views.request_resend, name="request_resend"),
    path("requests/<int:pk>/cancel/", views.request_cancel, name="request_cancel"),
    path("groups/", views.groups, name="groups"),
    path("media/", include("harbour.consent.media_urls")),
    path("takedowns/", include("harbour.consent.takedown_urls")),
]
