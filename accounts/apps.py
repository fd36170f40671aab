from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from two_factor.plugins.registry import registry

        from accounts.forms import AuthenticatorAppMethod

        # django-two-factor-auth's one method for an authenticator app, with our forms (wording, translations).
        registry.unregister(AuthenticatorAppMethod.code)
        registry.register(AuthenticatorAppMethod())
