from django.urls import path

from harbour.accounts.views import conduct, passwords, profile, sign_in

app_name = "accounts"
urlpatterns = [
    path("sign-in/", sign_in.sign_in, name="login"),
    path("sign-out/", sign_in.sign_out, name="logout"),
    path("two-factor/", sign_in.two_factor_step, name="two_factor"),
    path("two-factor/set-up/", sign_in.enrol, name="enrol"),
    path("two-factor/backup-codes/", sign_in.backup_codes, name="backup_codes"),
    path("password/reset/", passwords.password_reset, name="password_reset"),
    path("password/reset/sent/", passwords.password_reset_sent, name="password_reset_sent"),
    path("password/reset/<uidb64>/<token>/", passwords.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", passwords.password_reset_complete, name="password_reset_complete"),
    path("account/", profile.profile, name="profile"),
    path("account/password/", passwords.change_password, name="change_password"),
    path("account/backup-codes/", profile.regenerate_backup_codes, name="regenerate_backup_codes"),
    path("account/authenticator/", profile.replace_authenticator, name="replace_authenticator"),
    path("code-of-conduct/", conduct.acknowledge, name="conduct_acknowledge"),
    path("switch-organisation/", profile.switch_organisation, name="switch_organisation"),
]
