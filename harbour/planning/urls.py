from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan/", views.organisation_plan, name="organisation_plan"),
    path("plan/edit/", views.edit_organisation_plan, name="edit_organisation_plan"),
    path("channels/<int:pk>/", views.channel_plan, name="channel_plan"),
    path("channels/<int:pk>/edit/", views.edit_channel_plan, name="edit_channel_plan"),
    path("plans/<int:pk>/resources/add/", views.add_resource, name="add_resource"),
    path("plans/<int:pk>/resources/<int:resource_pk>/remove/", views.remove_resource, name="remove_resource"),
    path("policies/add/", views.add_policy, name="add_policy"),
    path("policies/<int:pk>/", views.edit_policy, name="edit_policy"),
    path("policies/<int:pk>/remove/", views.remove_policy, name="remove_policy"),
    path("policies/<int:pk>/document/", views.policy_document, name="policy_document"),
]
