from django import forms

INPUT_CHOICES = [("upload", "Upload a CSV file"), ("paste", "Paste rows"), ("grid", "Type rows in a grid")]


class BatchNewForm(forms.Form):
    name = forms.CharField(max_length=200, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "e.g. November welcome videos"}))
    source = forms.ChoiceField(choices=INPUT_CHOICES, initial="upload", widget=forms.RadioSelect)
    # An empty file reaches the CSV reader, which says what to do about it (one message, not two).
    csv_file = forms.FileField(required=False, label="CSV file", allow_empty_file=True)
    pasted = forms.CharField(required=False, label="Rows", widget=forms.Textarea(attrs={
        "rows": 8, "placeholder": "first_name,company\nAda,Analytical Engines\nGrace,Compilers Inc.",
    }))

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == "upload" and not data.get("csv_file") and not self.has_error("csv_file"):
            self.add_error("csv_file", "Choose a CSV file to upload.")
        if source == "paste" and not (data.get("pasted") or "").strip():
            self.add_error("pasted", "Paste at least a header line and one row.")
        return data
