package io.deepunlearn.core.method;

import java.util.List;

/**
 * Extension point for unlearning methods. A jar adds methods by implementing this interface (public class,
 * public no-argument constructor) and listing the class in {@code
 * META-INF/services/io.deepunlearn.core.method.MethodProvider}; {@link Methods} then lists them after the
 * built-ins and finds them by name. Names and reference keys must not clash with another provider's.
 */
public interface MethodProvider {

    /** The methods this provider contributes, in the order they should be listed. */
    List<UnlearningMethod> methods();
}
