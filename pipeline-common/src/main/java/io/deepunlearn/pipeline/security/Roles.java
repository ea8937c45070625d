package io.deepunlearn.pipeline.security;

/**
 * The roles of the REST APIs (the {@code groups} claim of a bearer token, or Keycloak realm roles). A data subject
 * never calls the services directly: the data controller verifies the subject's identity and files the request
 * with an {@link #ERASURE_REQUESTER} identity (docs/security.md).
 */
public final class Roles {

    /** The data controller's systems: file erasure requests and follow their own. */
    public static final String ERASURE_REQUESTER = "erasure-requester";
    /** An auditor (internal or a regulator's delegate): read any request's status and receipt. */
    public static final String RECEIPT_READER = "receipt-reader";
    /** The ML team: start and follow training jobs. */
    public static final String TRAINER_OPERATOR = "trainer-operator";

    private Roles() {
    }
}
