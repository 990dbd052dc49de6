from django.http import HttpResponse


def ranking(request):
    return HttpResponse("")


def model_detail(request, slug):
    return HttpResponse("")


def methodology(request):
    return HttpResponse("")
