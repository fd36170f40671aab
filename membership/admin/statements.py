"""Bank statements in the admin: upload a statement (its report is the import's page), the banks' CSV
column mappings, and the reconciliation queue, where staff match a waiting line to a member or set it aside.

Every write goes through `membership.services` (statement_import, statement_line_match,
statement_line_dismiss), like payments typed by hand, so a payment is recorded one way whatever its way in.
"""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from membership import services
from membership.models import BankCsvFormat, Currency, StatementImport, StatementLine
from membership.models.statements import import_reason
from membership.statements import MAX_STATEMENT_BYTES, StatementError
from newsroom.admin import ModelAdmin


@admin.register(BankCsvFormat)
class BankCsvFormatAdmin(ModelAdmin):
    list_display = ["name", "account", "delimiter", "date_format", "decimal_comma"]
    search_fields = ["name"]


class StatementUploadForm(forms.ModelForm):
    statement = forms.FileField(
        label=capfirst(_("statement file")),  # as the model fields' labels beside it are
        help_text=_("CAMT.053 (XML), MT940 or CSV, as the bank's online banking exports it."),
    )

    class Meta:
        model = StatementImport
        fields = ["file_format", "csv_format"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("statement")
        if upload is None or not cleaned.get("file_format"):
            return cleaned
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError(_("The file is too large to be a statement."), code="too_large")
        try:
            self.imported = services.statement_import(
                upload.read(),
                file_name=upload.name,
                file_format=cleaned["file_format"],
                csv_format=cleaned.get("csv_format"),
                by=self.user,
            )
        except StatementError as error:
            raise forms.ValidationError(str(error), code="statement") from None
        return cleaned


# The report's outcomes: a line's status, or what the import did with a line it stored no row for.
REPORT_OUTCOMES = {
    **dict(StatementLine.Status.choices),
    "money out": _("Money out"),
    "already known": _("Already imported"),
}


class StatementLineStatusFilter(admin.SimpleListFilter):
    """The statuses, and the reconciliation queue itself: every line that waits for staff, whatever its
    reason (unmatched, ambiguous, refused)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for staff")), *StatementLine.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.waiting()
        if self.value() in StatementLine.Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(StatementImport)
class StatementImportAdmin(ModelAdmin):
    """An import is made by uploading its file and then only read: its report says what each line became."""

    list_display = [
        "imported_at",
        "file_name",
        "file_format",
        "matched",
        "already_known",
        "unmatched",
        "refused",
    ]
    list_filter = ["file_format"]
    readonly_fields = [
        "file_name", "file_format", "csv_format", "account", "imported_at", "imported_by", "matched",
        "already_known", "unmatched_link", "refused", "not_credits", "report_table",
    ]  # fmt: skip

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            form = StatementUploadForm

            class UploadForm(form):
                def __init__(self, *args, **inner):
                    super().__init__(*args, user=request.user, **inner)

            return UploadForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["file_format", "csv_format", "statement"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:  # the form's clean() imported the file, in its own transaction
            obj.pk = form.imported.pk
            obj.__dict__.update(form.imported.__dict__)

    def save_related(self, request, form, formsets, change):
        pass

    def response_add(self, request, obj, post_url_continue=None):
        # Straight to the report: the one thing to read after an upload.
        return HttpResponseRedirect(reverse("admin:membership_statementimport_change", args=[obj.pk]))

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("waiting for staff"))
    def unmatched_link(self, obj):
        # What waits now, refused lines included (they wait as the unmatched do), and by status: the import's
        # own counts ("0" beside a link to two refused lines) go stale as staff work the queue.
        waiting = Counter(obj.lines.waiting().values_list("status", flat=True))
        if not waiting:
            return _("Nothing from this statement waits for staff.")
        statuses = dict(StatementLine.Status.choices)
        kinds = ", ".join(
            _("%(status)s: %(count)d") % {"status": statuses[status], "count": waiting[status]}
            for status in StatementLine.WAITING
            if waiting[status]
        )
        total = sum(waiting.values())
        url = reverse("admin:membership_statementline_changelist")
        query = f"?statement_import__id__exact={obj.pk}&{StatementLineStatusFilter.parameter_name}=waiting"
        label = ngettext(
            "%(count)d line waits in this statement's queue",
            "%(count)d lines wait in this statement's queue",
            total,
        ) % {"count": total}
        return format_html('<a href="{}">{}</a> ({})', url + query, label, kinds)

    @admin.display(description=_("report"))
    def report_table(self, obj):
        if not obj.report:
            return "-"
        labels = [_("line"), _("booked on"), _("amount"), _("payment details"), _("outcome"), _("reason")]
        header = format_html_join("", '<th scope="col">{}</th>', ((label,) for label in labels))
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (row["line"], row["booked_on"], row["amount"], row["currency"], row["text"],
                 self._outcome(row), import_reason(row.get("reason", ""), row.get("reason_params")))
                for row in obj.report
            ),
        )  # fmt: skip
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", header, rows)

    def _outcome(self, row):
        """What became of a report's line, in the reader's language (the report stores a code), linked to
        the stored line, where a waiting one is matched or set aside."""
        label = REPORT_OUTCOMES.get(row["outcome"], row["outcome"])
        if not row.get("line_id"):
            return label
        url = reverse("admin:membership_statementline_change", args=[row["line_id"]])
        return format_html('<a href="{}">{}</a>', url, label)


class StatementLineForm(forms.ModelForm):
    dismiss_note = forms.CharField(
        label=capfirst(_("not a membership payment")),
        required=False,
        max_length=300,
        help_text=_(
            "Say what it is (a donation, a refund) to take the line off the queue without a payment."
        ),
    )

    class Meta:
        model = StatementLine
        fields = ["member"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.status not in StatementLine.WAITING:
            raise forms.ValidationError(_("This line was already dealt with."), code="done")
        member, note = cleaned.get("member"), cleaned.get("dismiss_note")
        if bool(member) == bool(note):
            raise forms.ValidationError(
                _(
                    "Choose the member who paid, or say why this is not a membership payment (one of the two)."
                ),
                code="choose",
            )
        if member is not None and member.erased_at:
            raise forms.ValidationError(_("This member was erased; record no new payments."), code="erased")
        if member is not None and not Currency.objects.filter(pk=self.instance.currency).exists():
            # Said here, with the form kept: the service refuses it too, but after the admin's "changed
            # successfully" was already on its way.
            raise forms.ValidationError(
                _("%(currency)s is not a currency we take.") % {"currency": self.instance.currency},
                code="currency",
            )
        return cleaned


@admin.register(StatementLine)
class StatementLineAdmin(ModelAdmin):
    """The reconciliation queue: lines the import could not match (the list shows them first)."""

    form = StatementLineForm
    list_display = [
        "booked_on", "amount", "currency", "counterparty", "text", "status", "reason_shown", "member",
    ]  # fmt: skip
    list_filter = [StatementLineStatusFilter, "currency", "statement_import"]
    search_fields = [
        "text",
        "counterparty",
        "counterparty_iban",
        "bank_reference",
        "member__name",
        "member__email",
    ]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    date_hierarchy = "booked_on"
    readonly_fields = [
        "booked_on", "amount", "currency", "text", "counterparty", "counterparty_iban", "bank_reference",
        "status", "reason_shown", "payment", "statement_import",
    ]  # fmt: skip

    @admin.display(description=_("reason"))
    def reason_shown(self, obj):
        return obj.reason_shown

    def get_ordering(self, request):
        # The queue first, as staff come to work it; then the newest.
        waiting_first = Case(When(status__in=StatementLine.WAITING, then=Value(0)), default=Value(1))
        return [waiting_first.asc(), "-booked_on", "-pk"]

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status in StatementLine.WAITING:
            return [*self.readonly_fields, "member", "dismiss_note"]
        return [*self.readonly_fields, "member"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in StatementLine.WAITING:
            return [*self.readonly_fields, "member"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get("dismiss_note")
        try:
            if note:
                services.statement_line_dismiss(obj, note=note)
            else:
                services.statement_line_match(obj, member=form.cleaned_data["member"], by=request.user)
        except ValueError as error:
            messages.error(request, str(error))
        obj.refresh_from_db()
