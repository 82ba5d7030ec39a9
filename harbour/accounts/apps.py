from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "harbour.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from harbour.accounts import sessions  # noqa: F401  (connects its sign-out receiver)
