"""URL routes of the place pages and the staff ingest page."""

urlpatterns = []
