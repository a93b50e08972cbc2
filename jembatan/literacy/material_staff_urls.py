from jembatan.literacy.material_views import urlpatterns_staff

app_name = "literacy_materials_staff"
urlpatterns = urlpatterns_staff
