from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Wraps each field group in a div so labels, help, errors and inputs lay out as one block."""

    field_template_name = "forms/field.html"
