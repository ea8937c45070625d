package io.deepunlearn.pipeline.subjects;

/**
 * Turns a data subject's id into the pseudonym under which mappings, events and records name it. Implementations
 * must be keyed (an HMAC): an unkeyed hash of an e-mail address or a customer number is reversed by enumerating
 * candidates. The same (dataset, subject) always gives the same pseudonym under one key.
 */
@FunctionalInterface
public interface SubjectPseudonymizer {

    String subjectRef(String datasetId, String subjectId);
}
