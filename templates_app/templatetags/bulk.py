"""Display helpers for templates and batches."""
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from templates_app.selectors import ROW_STATES, row_state
from templates_app.services.variables import VARIABLE

register = template.Library()


@register.filter
def highlight_variables(text: str) -> str:
    """Scene text with its {{variables}} marked (everything else escaped)."""
    parts, last = [], 0
    for match in VARIABLE.finditer(text or ""):
        parts.append(escape(text[last:match.start()]))
        parts.append(f'<mark class="var">{escape(match.group(0))}</mark>')
        last = match.end()
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts))


@register.filter
def state_of(row) -> str:
    return row_state(row)


@register.filter
def value_of(values: dict, name: str) -> str:
    return (values or {}).get(name, "")


@register.filter
def problem_for(row, name: str) -> str:
    return "; ".join(p["message"] for p in row.problems if p.get("variable") == name)


@register.filter
def general_problems(row) -> list[str]:
    return [p["message"] for p in row.problems if not p.get("variable")]


@register.filter
def seg(summary, key: str) -> float:
    """Width of one state's segment of the batch progress bar, in percent."""
    return summary.percent(key)


@register.filter
def state_label(state: str) -> str:
    return ROW_STATES[state][0] if state in ROW_STATES else state
