"""Answers shared by the template and batch pages."""
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def done(request, url: str):
    """Where to go after an action: a plain redirect, or for htmx a full page load (the page's
    work buttons stay disabled until it arrives). `url` must have no #fragment: a fragment on
    the same page would be a jump, not a load."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
