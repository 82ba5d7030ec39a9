from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "harbour.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from harbour.accounts import checks, sessions  # noqa: F401  (registers the checks; connects the sign-out receiver)

        Image.MAX_IMAGE_PIXELS = settings.HARBOUR_MAX_IMAGE_PIXELS  # a second lock for any Pillow use
