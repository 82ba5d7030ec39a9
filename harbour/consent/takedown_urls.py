urlpatterns = []  # the takedowns' pages (part C of issue 21)
