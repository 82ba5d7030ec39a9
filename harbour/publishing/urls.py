from django.urls import path

from harbour.publishing import calendar_views, review_views, views

app_name = "publishing"

urlpatterns = [
    path("", views.posts, name="posts"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("new/", views.edit, name="new"),
    path("checks/", views.check_panel, name="checks"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/images/add/", views.image_add, name="image_add"),
    path("images/<int:pk>/", views.image, name="image"),
    path("images/<int:pk>/remove/", views.image_remove, name="image_remove"),
    path("<int:pk>/people/", views.people, name="people"),
    path("people/<int:pk>/remove/", views.person_remove, name="person_remove"),
    path("<int:pk>/", review_views.post, name="post"),
    path("<int:pk>/review/", review_views.review, name="review"),
    path("<int:pk>/schedule/", review_views.schedule, name="schedule"),
    path("<int:pk>/take-back/", review_views.take_back, name="take_back"),
    path("<int:pk>/try-again/", review_views.try_again, name="try_again"),
]
