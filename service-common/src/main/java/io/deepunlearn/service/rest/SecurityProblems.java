package io.deepunlearn.service.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Refused authentication and authorisation as problems, like every other error: 401 (no token, or one that is
 * invalid or expired; with {@code WWW-Authenticate: Bearer}) and 403 (a valid token without the role). The services
 * turn proactive authentication off ({@code quarkus.http.auth.proactive=false}) so an invalid token reaches these
 * mappers instead of an empty 401 from the HTTP layer. The details say what is missing, never why a token failed.
 */
public final class SecurityProblems {

    private SecurityProblems() {
    }

    /** No credentials where a role is required. */
    @Provider
    public static class Unauthorized implements ExceptionMapper<UnauthorizedException> {

        @Inject
        CurrentVertxRequest uri;

        @Override
        public Response toResponse(UnauthorizedException e) {
            return Problems.response(401, "a bearer token is required", null, uri);
        }
    }

    /** A token that does not verify (signature, issuer, expiry). */
    @Provider
    public static class AuthenticationFailed implements ExceptionMapper<AuthenticationFailedException> {

        @Inject
        CurrentVertxRequest uri;

        @Override
        public Response toResponse(AuthenticationFailedException e) {
            return Problems.response(401, "the bearer token is invalid or expired", null, uri);
        }
    }

    /** A valid token without the role the operation needs. */
    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {

        @Inject
        CurrentVertxRequest uri;

        @Override
        public Response toResponse(ForbiddenException e) {
            return Problems.response(403, "the token's roles do not allow this operation", null, uri);
        }
    }
}
