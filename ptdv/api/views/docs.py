"""The OpenAPI schema and its documentation page (served locally, no inline script)."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated


class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema of the API, for signed-in users and key holders."""

    permission_classes = [IsAuthenticated]


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the bundled files; its start-up script is a separate same-origin file."""

    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "API PTĐV"
