"""Changing a password (needs the current one) and resetting a forgotten one by email."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from harbour.accounts import services
from harbour.accounts.forms import ChangePasswordForm, PasswordResetRequestForm, SetPasswordForm
from harbour.accounts.views import limits


@login_required
@never_cache
@sensitive_post_parameters()
def change_password(request):
    form = ChangePasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.change_password(request.user, form.cleaned_data["new_password"], request=request)
        messages.success(request, "Your password has been changed. Other devices have been signed out.")
        return redirect("accounts:profile")
    return render(request, "accounts/change_password.html", {"form": form})


class ResetRequestForm(PasswordResetRequestForm, PasswordResetForm):
    """Django's reset form (single-use token, 1 hour) with Harbour's messages."""


class PasswordResetView(auth_views.PasswordResetView):
    # The same page follows for known and unknown addresses, so nobody can find out who has an account.
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def post(self, request, *args, **kwargs):
        return limits.check(request, "password_reset_ip", limits.client_ip(request)) or super().post(
            request, *args, **kwargs
        )

    def form_valid(self, form):
        # Counted per address whether or not it has an account, so a refusal says nothing about who exists.
        if refused := limits.check(self.request, "password_reset_email", form.cleaned_data["email"]):
            return refused
        services.password_reset_requested(form.get_users(form.cleaned_data["email"]), request=self.request)
        return super().form_valid(form)  # sends the links, now that the requests are recorded


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # signing in again still needs two-factor (docs/security.md B6)

    def form_valid(self, form):
        services.reset_password(self.user, form.cleaned_data["new_password"], request=self.request)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


password_reset = PasswordResetView.as_view()
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = never_cache(PasswordResetConfirmView.as_view())
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
