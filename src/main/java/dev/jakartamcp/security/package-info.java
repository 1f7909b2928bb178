/**
 * Container-independent OAuth 2.1 resource-server core: token validation, JWKS handling, bearer challenges and
 * RFC 9728 metadata. No servlet or CDI types; everything is built from an {@link dev.jakartamcp.security.AuthSettings}.
 *
 * <pre>
 * AuthSettings settings = AuthSettings.fromConfig(key -&gt; config.getOptionalValue(key, String.class));
 * JwksKeySource keys = new JwksKeySource(settings);          // one per application: it holds the cache
 * TokenValidator validator = new TokenValidator(settings, keys);
 *
 * try {
 *     VerifiedToken token = validator.validate(bearer);      // bearer: the Authorization header after "Bearer "
 * } catch (TokenRejectedException e) {
 *     BearerChallenge c = BearerChallenge.invalidToken(metadataUrl, scopes, e);
 *     // respond c.status(), header WWW-Authenticate: c.headerValue(), body c.jsonBody()
 * }
 * </pre>
 *
 * {@code metadataUrl} is derived from {@code mcp.resource} alone, never from a request
 * ({@link dev.jakartamcp.security.ResourceServer#metadataUrlFor});
 * {@link dev.jakartamcp.security.ProtectedResourceMetadata#urlWithinContext} explains what a WAR outside the root
 * context can serve.
 */
package dev.jakartamcp.security;
