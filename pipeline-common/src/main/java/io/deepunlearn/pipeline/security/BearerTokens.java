package io.deepunlearn.pipeline.security;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints RS256 bearer tokens as an OIDC provider would (issuer, subject, {@code upn}, {@code groups} = roles, a fresh
 * {@code jti}, expiry), for the local stack and tests. jose4j rather than smallrye-jwt-build: the builder needs
 * MicroProfile Config and a Jakarta JSON provider at run time, which the plain-JVM command line and harness do not
 * have; jose4j is what quarkus-oidc itself verifies with, so the tokens are read by exactly the code that checks them.
 */
public final class BearerTokens {

    private BearerTokens() {
    }

    /** A token for {@code subject} with {@code roles}, issued now by {@code issuer} and valid for {@code ttl}. */
    public static String sign(PrivateKey key, String issuer, String subject, Duration ttl, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.of(roles));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plus(ttl).getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a bearer token: " + e.getMessage(), e);
        }
    }
}
