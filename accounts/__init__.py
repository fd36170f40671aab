"""Staff accounts: two-factor sign-in on django-two-factor-auth, with our rule of who must use it."""
