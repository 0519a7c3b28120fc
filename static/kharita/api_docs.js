/* Kharita: start swagger-ui on the API docs page with our OpenAPI document (no external requests). */
(function () {
  "use strict";

  function showError(root, message) {
    root.textContent = "";
    var p = document.createElement("p");
    p.className = "api-docs-error";
    p.textContent = message;
    root.appendChild(p);
  }

  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") { return; }
    var url = root.getAttribute("data-schema-url");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (spec) {
        // The bundled swagger-ui (4.x) renders only documents that declare OpenAPI 3.0; ours uses
        // nothing that 3.1 added, so it is shown as 3.0.
        spec.openapi = "3.0.3";
        root.textContent = "";
        window.kharitaApiDocs = window.SwaggerUIBundle({
          spec: spec,
          domNode: root,
          deepLinking: true,
          validatorUrl: null,  // never send the document to validator.swagger.io
          presets: [window.SwaggerUIBundle.presets.apis],
          layout: "BaseLayout"
        });
      })
      .catch(function (error) { showError(root, String(error && error.message || error)); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
