"""Staff pages for consultations, under /consultations/ (the builder, boards, complaints and results)."""

app_name = "consultation"
urlpatterns = []
