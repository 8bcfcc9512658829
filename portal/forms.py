from django import forms
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.models import Role, Unit, User


def unit_picker_attrs(*, checklist: bool = False) -> dict[str, str]:
    """The attributes that make a unit field searchable without tones (``portal/static/portal/unit-picker.js``,
    answered by the units page): on a select, or on each checkbox of a list of units. Values are ids."""
    from django.urls import reverse

    url = reverse("units:unit_list") + "?format=json&value=pk" + ("&all=1" if checklist else "")
    return {"data-unit-checklist" if checklist else "data-unit-search": url, "data-search-label": _("Find a unit")}


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, committee: Unit | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        units = Unit.objects.all() if committee is None else Unit.objects.filter(committee=committee)
        self.fields["unit"].queryset = units.order_by("sort_order", "name")
        self.fields["unit"].widget.attrs.update(unit_picker_attrs())

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") in roles.UNIT and not data.get("unit"):
            self.add_error("unit", _("Correspondents and unit leads must belong to a unit."))
        return data


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "language", "email_notifications"]
