urlpatterns = []  # the media library's pages (part B of issue 21)
