/* The open API's interactive docs (/api/v1/docs): Swagger UI started from its settings in a data attribute (CSP:
   no inline script). The token is entered with "Authorize" (Bearer). */
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") return;
  var config = JSON.parse(root.dataset.settings || "{}");
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  SwaggerUIBundle(config);
})();
