"""django-two-factor-auth's pages (its `two_factor` namespace, which its views reverse), under the admin's
address. newsroom/urls.py lists them before the admin's, so the admin's own login/ address serves the
two-step sign-in (as Django's documentation adds password reset pages to the admin)."""

from django.urls import path

from accounts import views

app_name = "two_factor"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("two-factor/setup/", views.SetupView.as_view(), name="setup"),
    path("two-factor/qrcode/", views.QRGeneratorView.as_view(), name="qr"),
    path("two-factor/setup/complete/", views.SetupCompleteView.as_view(), name="setup_complete"),
    path("two-factor/backup-codes/", views.BackupTokensView.as_view(), name="backup_tokens"),
]
