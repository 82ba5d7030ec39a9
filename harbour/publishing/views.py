from django.shortcuts import render

from harbour.accounts.access import member_required
from harbour.accounts.capabilities import Capability
from harbour.publishing.models import Post


@member_required(Capability.VIEW_PUBLISHING)
def posts(request):
    posts = Post.objects.for_org(request.organisation).select_related("author__user")
    return render(request, "publishing/posts.html", {"posts": posts})
