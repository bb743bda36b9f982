"""Forms of the meetings pages. They only parse input; the services decide and write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings import selectors
from meetings.models import MeetingKind, Task, TaskRecurrence, TaskStatus


class DateInput(forms.DateInput):
    """Day first (13/06/2019), as Vietnamese documents write dates; settings' formats parse it."""

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check each one's content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "accept": ".pdf,.docx,.xlsx,application/pdf,"
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                }
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255, help_text=_("For example: Second-quarter meeting 2019"))
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    chair = forms.ModelChoiceField(label=_("Chaired by"), queryset=selectors.members(), required=False)
    invited = forms.ModelMultipleChoiceField(
        label=_("Members invited"),
        queryset=selectors.members(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=selectors.members(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agencies_present = forms.ModelMultipleChoiceField(
        label=_("Units present"),
        queryset=selectors.assignable_agencies(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    topics = forms.CharField(
        label=_("Discussion topics"),
        required=False,
        help_text=_("One topic per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    conclusion_number = forms.CharField(label=_("Conclusion notice number"), max_length=64, required=False)
    conclusion_date = forms.DateField(label=_("Conclusion notice date"), required=False, widget=DateInput())
    conclusion_signer = forms.CharField(label=_("Signed by"), max_length=255, required=False)
    conclusion_text = forms.CharField(label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                _("The meeting"),
                Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8")),
                Row(Column("held_on", css_class="col-md-4"), Column("place", css_class="col-md-8")),
                "chair",
                Row(
                    Column("invited", css_class="col-md-4"),
                    Column("present", css_class="col-md-4"),
                    Column("agencies_present", css_class="col-md-4"),
                ),
                "agenda",
                "topics",
            ),
            Fieldset(
                _("Conclusion notice"),
                Row(
                    Column("conclusion_number", css_class="col-md-4"),
                    Column("conclusion_date", css_class="col-md-4"),
                    Column("conclusion_signer", css_class="col-md-4"),
                ),
                "conclusion_text",
            ),
        )

    def clean(self):
        data = super().clean()
        held_on, conclusion_date = data.get("held_on"), data.get("conclusion_date")
        if held_on and conclusion_date and conclusion_date < held_on:
            self.add_error("conclusion_date", _("The conclusion notice cannot be dated before the meeting."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["topics"] = [line.strip() for line in data.pop("topics", "").splitlines() if line.strip()]
        return data

    @classmethod
    def initial_from(cls, meeting) -> dict:
        return {
            **{name: getattr(meeting, name) for name in ("kind", "title", "held_on", "place", "agenda")},
            "chair": meeting.chair_id,
            "invited": list(meeting.invited.all()),
            "present": list(meeting.present.all()),
            "agencies_present": list(meeting.agencies_present.all()),
            "topics": "\n".join(t.title for t in meeting.topics.all()),
            "conclusion_number": meeting.conclusion_number,
            "conclusion_date": meeting.conclusion_date,
            "conclusion_signer": meeting.conclusion_signer,
            "conclusion_text": meeting.conclusion_text,
        }


class TaskForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("meetings", "Task"), max_length=500)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_document = forms.CharField(
        label=_("Source document"),
        max_length=255,
        required=False,
        help_text=_("For example: Directive No. 12/CT-UBND of 05/08/2019."),
    )
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=selectors.assignable_agencies())
    coordinating_agencies = forms.ModelMultipleChoiceField(
        label=_("Coordinating agencies"),
        queryset=selectors.assignable_agencies(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=TaskRecurrence.choices, required=False)
    parent = forms.ModelChoiceField(label=_("Parent task"), queryset=Task.objects.none(), required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting is not None:
            del self.fields["source_document"]
            self.fields["parent"].queryset = meeting.tasks.order_by("pk")
        else:
            self.fields["source_document"].required = True
            self.fields["parent"].queryset = Task.objects.filter(meeting__isnull=True).order_by("pk")
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if not data.get("deadline") and not data.get("recurrence"):
            self.add_error("deadline", _("Give a deadline, or say that the task is regular or recurring."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        parent = data.pop("parent", None)
        data["parent_id"] = parent.pk if parent else None
        data["recurrence"] = data.get("recurrence") or TaskRecurrence.NONE
        return data


class AttachForm(forms.Form):
    files = MultipleFileField(label=_("Files (PDF, DOCX, XLSX)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].required = True
        self.helper = _helper()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Report date"), widget=DateInput())
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Evidence files (PDF, DOCX, XLSX)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"reported_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("reported_on", css_class="col-6"), Column("percent", css_class="col-6")), "text", "files"
        )


class CompletionForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    note = forms.CharField(label=_("Completion report"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"completed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ExtensionForm(forms.Form):
    requested_deadline = forms.DateField(label=_("New deadline asked for"), widget=DateInput())
    reason = forms.CharField(label=_("Why more time is needed"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class GrantForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


DUE_CHOICES = [
    ("", _("Any deadline")),
    ("overdue", _("Overdue")),
    ("7", _("Due within 7 days")),
    ("30", _("Due within 30 days")),
    ("90", _("Due within 90 days")),
]


class BoardFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Lead agency"), queryset=selectors.agencies_with_tasks(), required=False, empty_label=_("Any agency")
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=selectors.meeting_choices(), required=False, empty_label=_("Any meeting")
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("meetings", "Status"), choices=[("", _("Any status")), *TaskStatus.choices], required=False
    )
    due = forms.ChoiceField(label=_("Due"), choices=DUE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self) -> selectors.BoardFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.BoardFilters(
            agency=data.get("agency"),
            meeting=data.get("meeting"),
            status=data.get("status") or "",
            due=data.get("due") or "",
        )
