from django.urls import path

from harbour.publishing import review_views, views

app_name = "publishing"

urlpatterns = [
    path("", views.posts, name="posts"),
    path("<int:pk>/", review_views.post, name="post"),
    path("<int:pk>/review/", review_views.review, name="review"),
    path("<int:pk>/schedule/", review_views.schedule, name="schedule"),
    path("<int:pk>/take-back/", review_views.take_back, name="take_back"),
    path("<int:pk>/try-again/", review_views.try_again, name="try_again"),
]
