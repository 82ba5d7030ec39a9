from django.urls import path

from harbour.replies import views

app_name = "replies"

urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.reply_form, name="add"),
    path("starters/", views.add_starters, name="add_starters"),
    path("<int:pk>/", views.reply_form, name="edit"),
    path("<int:pk>/active/", views.set_active, name="set_active"),
    path("items/<int:pk>/privacy-advice/", views.send_advice, name="send_advice"),
    path("items/<int:pk>/saved-reply/", views.send_saved_reply, name="send_saved_reply"),
]
