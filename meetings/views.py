from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    # Placeholder until the meetings issue lands: the navigation already points here.
    return render(request, "meetings/home.html")
