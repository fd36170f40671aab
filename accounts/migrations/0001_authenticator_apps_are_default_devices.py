"""Authenticator apps set up before django-two-factor-auth keep working: the library asks at sign-in for a
code from the device named "default", and ours were named "phone" or "Authenticator app". Each staff member's
first confirmed app becomes their default; setups never confirmed are dropped."""

from django.db import migrations


def name_first_app_default(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.filter(confirmed=False).delete()
    with_default = TOTPDevice.objects.filter(name="default").values("user_id")
    first_of_each = {}
    for device in TOTPDevice.objects.exclude(user_id__in=with_default).order_by("pk"):
        first_of_each.setdefault(device.user_id, device)
    for device in first_of_each.values():
        device.name = "default"
        device.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("otp_totp", "0003_add_timestamps")]

    operations = [migrations.RunPython(name_first_app_default, migrations.RunPython.noop)]
