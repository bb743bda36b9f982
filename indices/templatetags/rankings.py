from django import template

from indices import display

register = template.Library()

register.filter("change_text", display.change_text)
register.filter("change_arrow", display.change_arrow)
register.filter("change_css", display.change_css)
register.filter("band_text", display.band_text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
