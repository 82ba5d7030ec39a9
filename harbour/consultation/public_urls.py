"""The pages young people use, under /c/: no account, no tracking (tokens.py)."""

app_name = "consultation_public"
urlpatterns = []
