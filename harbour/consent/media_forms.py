"""The media library's forms: an image or video and its description, and the search for someone to tag."""

from django import forms

from harbour.consent.models import MediaAsset
from harbour.forms import GovukForm, limit
from harbour.publishing.models import ALT_TEXT_LENGTH, Shows, Source

SOURCE_CHOICES = [
    (Source.OWN, "Our own photo or design"),
    (Source.LICENSED, "Licensed (stock library, bought)"),
    (Source.CREATIVE_COMMONS, "Creative Commons, with attribution"),
    (Source.PERMISSION, "The owner gave us permission"),
    (Source.UNKNOWN, "Not known yet (it cannot be posted until it is)"),
]


class AssetForm(GovukForm):
    """An image or video for the library: the file (only when adding), what it is, who can be seen, where it came
    from. `with_file` False: changing an asset's description (the file never changes)."""

    file = forms.FileField(
        label="Image or video",
        help_text="A JPEG or PNG image, or an MP4 or MOV video of up to 3 minutes. Harbour saves it again "
        "without its hidden details (such as where it was taken and the camera or phone); a video takes a "
        "minute or so before it can be seen and posted.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,video/mp4,video/quicktime"}),
        error_messages={"required": "Choose an image or a video", "empty": "The chosen file is empty"},
    )
    title = forms.CharField(
        label="Title",
        max_length=limit(MediaAsset, "title"),
        help_text="For your team to find it, for example 'Summer camp, canoeing'. It is never published.",
        error_messages={"required": "Give it a title"},
    )
    alt_text = forms.CharField(
        label="Alt text",
        max_length=ALT_TEXT_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Describe it for people who use a screen reader: what is in it and why it matters. "
        "Never a young person's name.",
        error_messages={"required": "Describe it in its alt text"},
    )
    shows = forms.ChoiceField(
        label="Who can be seen in it?",
        choices=Shows.choices,
        widget=forms.RadioSelect,
        help_text="After saving, tag each person from the consent register who can be seen.",
        error_messages={"required": "Say who can be seen in it"},
    )
    source = forms.ChoiceField(
        label="Where did it come from?",
        choices=SOURCE_CHOICES,
        widget=forms.RadioSelect,
        help_text="Nothing without a recorded licence or permission can be posted.",
        error_messages={"required": "Say where it came from"},
    )
    licence = forms.CharField(
        label="Licence, attribution or permission",
        required=False,
        max_length=limit(MediaAsset, "licence"),
        help_text="For example, 'CC BY 4.0, photo by Sam Lee', or who gave permission and when. "
        "Not needed for your own photo.",
    )
    permission_file = forms.FileField(
        label="The owner's permission (if the owner gave permission)",
        required=False,
        help_text="A PDF, PNG or JPEG of their email or letter. Kept private.",
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        error_messages={"empty": "The chosen file is empty"},
    )

    def __init__(self, *args, with_file: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_file:
            del self.fields["file"]
            self.fields["permission_file"].help_text += " Leave it empty to keep the one already uploaded."

    @staticmethod
    def initial_for(asset: MediaAsset) -> dict:
        return {
            "title": asset.title,
            "alt_text": asset.alt_text,
            "shows": asset.shows,
            "source": asset.source or Source.UNKNOWN,
            "licence": asset.licence,
        }


class FindPersonForm(GovukForm):
    q = forms.CharField(
        label="Find someone in the consent register",
        max_length=100,
        required=False,
        help_text="Type part of their first or last name.",
    )


class MediaSearchForm(GovukForm):
    q = forms.CharField(
        label="Search by title or by the name of someone in it",
        max_length=100,
        required=False,
    )
