package io.deepunlearn.core.method;

import java.util.List;

/** The benchmark's 18 methods, contributed through the same {@link MethodProvider} SPI as a user's. */
public final class BuiltinMethods implements MethodProvider {

    @Override
    public List<UnlearningMethod> methods() {
        return MethodCatalog.all();
    }
}
