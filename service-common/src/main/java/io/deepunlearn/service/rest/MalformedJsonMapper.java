package io.deepunlearn.service.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.Response;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A body that is not the JSON the operation takes (syntax error, wrong type, unknown field): 400, naming the field
 * where the JSON parser could tell it. The nested classes cover the exact types the REST layer has built-in
 * mappers for (a mapper of the exact type wins over one of a supertype).
 */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonProcessingException> {

    @Inject
    CurrentVertxRequest uri;

    @Override
    public Response toResponse(JsonProcessingException e) {
        return problem(e, uri);
    }

    /** Not JSON at all (or cut short). */
    @Provider
    public static class Syntax implements ExceptionMapper<JsonParseException> {
        @Inject
        CurrentVertxRequest uri;

        @Override
        public Response toResponse(JsonParseException e) {
            return problem(e, uri);
        }
    }

    /** JSON, but a value of the wrong type or an unknown field. */
    @Provider
    public static class Mismatch implements ExceptionMapper<MismatchedInputException> {
        @Inject
        CurrentVertxRequest uri;

        @Override
        public Response toResponse(MismatchedInputException e) {
            return problem(e, uri);
        }
    }

    static Response problem(JsonProcessingException e, CurrentVertxRequest uri) {
        List<Problem.FieldError> errors = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            errors = List.of(Problem.FieldError.of(field, Problems.firstLine(e.getOriginalMessage())));
        }
        return Problems.response(400, "malformed JSON: " + Problems.firstLine(e.getOriginalMessage()), errors, uri);
    }
}
