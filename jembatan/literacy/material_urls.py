from jembatan.literacy.material_views import urlpatterns_public

app_name = "literacy_materials"
urlpatterns = urlpatterns_public
