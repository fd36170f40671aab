"""What readers are offered and asked on the site: the currencies with the bank accounts they pay into,
the tiers and their prices, the consent texts, and the reader appeal under every story."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from membership.models import ConsentText, Currency, ReaderAppeal, Tier, TierPrice
from newsroom.admin import ModelAdmin


@admin.register(Currency)
class CurrencyAdmin(ModelAdmin):
    list_display = [
        "code",
        "name",
        "active",
        "position",
        "account_holder",
        "formatted_iban",
        "minimum_amount",
    ]
    list_editable = ["active", "position"]
    fieldsets = [
        (None, {"fields": ["code", "name", "active", "position", "minimum_amount"]}),
        (
            _("Bank account readers pay into"),
            {"fields": ["account_holder", "bank_name", "bank_address", "iban", "account_number", "swift"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class TierPriceInline(admin.TabularInline):
    model = TierPrice
    extra = 1


@admin.register(Tier)
class TierAdmin(TranslationAdmin, ModelAdmin):
    """Name, description and benefits in every language of the site on one form (membership.translation),
    as plain fields: modeltranslation's tabs need a script the admin's CSP refuses."""

    list_display = ["name", "active", "position", "prices_summary"]
    list_editable = ["active", "position"]
    inlines = [TierPriceInline]

    @admin.display(description=_("prices"))
    def prices_summary(self, tier):
        return "; ".join(f"{p.amount} {p.currency_id} {p.get_frequency_display()}" for p in tier.prices.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prices")

    def get_deleted_objects(self, objs, request):
        """A tier members pledge at is not deleted (page and bulk action alike): deleting it emptied their
        pledges' tier without a word, as the member's tier is set to none when its tier goes. Unticking
        "offered" takes it off the form and keeps the members' records."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for tier in objs:
            members = tier.members.count()
            if members:
                protected.append(
                    ngettext(
                        "%(tier)s: %(count)d member pledges at this tier; untick “%(offered)s” to take it "
                        "off the form instead.",
                        "%(tier)s: %(count)d members pledge at this tier; untick “%(offered)s” to take it "
                        "off the form instead.",
                        members,
                    )
                    % {"tier": tier, "count": members, "offered": Tier._meta.get_field("active").verbose_name}
                )
        return deleted, counts, perms_needed, protected


@admin.register(ConsentText)
class ConsentTextAdmin(ModelAdmin):
    """Adding a text publishes its next version; existing versions are read-only, because each consent
    record points at the exact words the reader agreed to."""

    list_display = ["kind", "language", "version", "created_at", "created_by", "short_text"]
    list_filter = ["kind", "language"]
    readonly_fields = ["version", "created_at", "created_by"]

    @admin.display(description=_("text"))
    def short_text(self, text):
        return text.text[:100]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = ConsentText.publish(kind=obj.kind, text=obj.text, language=obj.language, by=request.user)
        obj.pk, obj.version = published.pk, published.version


@admin.register(ReaderAppeal)
class ReaderAppealAdmin(ModelAdmin):
    list_display = ["heading", "language", "is_active", "updated_at"]
    list_filter = ["is_active", "language"]
